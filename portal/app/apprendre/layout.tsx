import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** The messages the client components of the module player use. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["player"]}>{children}</ClientMessages>;
}
