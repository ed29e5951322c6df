import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** The messages the client components of IT's pages (planning, provisioning, rooms, a post's replacement, content import, completion rules, certificates) use. */
export default function Layout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages
      namespaces={[
        "planning.form",
        "planning.cancel",
        "provisioning",
        "fleet.rooms",
        "fleet.replace",
        "player.import",
        "rules",
        "certificateSearch",
      ]}
    >
      {children}
    </ClientMessages>
  );
}
