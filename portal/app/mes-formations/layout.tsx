import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** The messages the client components of "Mes formations" (cancelling an enrolment) use. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["training.enrol"]}>{children}</ClientMessages>;
}
