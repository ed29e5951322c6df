import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** The messages the client components of the registration page use. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages namespaces={["register", "signin"]}>{children}</ClientMessages>;
}
