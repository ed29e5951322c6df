import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** The messages the client components of the trainer's pages use. */
export default function Layout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages
      namespaces={[
        "trainer.notes",
        "trainer.correction",
        "trainer.validation",
        "trainer.markAll",
        "trainer.certificates",
      ]}
    >
      {children}
    </ClientMessages>
  );
}
