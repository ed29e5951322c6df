import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** The messages the client components of "Mes formations" (the list of trainings) use. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["myTrainings"]}>{children}</ClientMessages>;
}
