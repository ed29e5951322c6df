import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { pickMessages } from "@/lib/pick-messages";

/**
 * Gives the client components below it the messages of `namespaces` only. Left to itself,
 * NextIntlClientProvider serialises the whole catalogue (about 30 KB) into every page: bytes on a
 * slow link and render time on the server.
 */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: string[];
  children: ReactNode;
}) {
  return (
    <NextIntlClientProvider messages={pickMessages(await getMessages(), namespaces)}>
      {children}
    </NextIntlClientProvider>
  );
}
