import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { findCurrentUser } from "@/server/auth/current-user";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tremplin", template: "%s · Tremplin" },
  description: "Formations des Maisons de région : inscription, suivi, émargement, attestations.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("app");
  const user = await findCurrentUser();
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#contenu"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
        >
          {t("skip")}
        </a>
        {/* No messages here: each area passes its client components their own (ClientMessages). */}
        <NextIntlClientProvider messages={null}>
          <SiteHeader user={user} />
          <main id="contenu" className="mx-auto max-w-6xl px-4 py-8">
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
