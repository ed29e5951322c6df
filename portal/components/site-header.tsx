import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { SessionUser } from "@/server/auth/options";
import { switchLocale } from "@/server/locale";

type NavItem = { href: string; label: string };

/** The places a person may go, by role: the header's links and the signed-in home page's. */
export function navFor(user: SessionUser | undefined, t: (key: string) => string): NavItem[] {
  const items: NavItem[] = [{ href: "/catalogue", label: t("catalogue") }];
  if (!user) return items;
  if (user.roles.includes("learner")) items.push({ href: "/mes-formations", label: t("myTrainings") });
  if (user.roles.includes("trainer")) items.push({ href: "/formateur", label: t("trainerToday") });
  if (user.roles.includes("it_admin")) {
    items.push(
      { href: "/dsi/planning", label: t("itSessions") },
      { href: "/dsi/inscriptions", label: t("itEnrolments") },
      { href: "/dsi/contenus", label: t("itContent") },
      { href: "/dsi/suivi", label: t("itSupport") },
      { href: "/dsi/satisfaction", label: t("itSatisfaction") },
      { href: "/dsi/salles", label: t("itRooms") },
      { href: "/dsi/parc", label: t("itFleet") },
      { href: "/dsi/masters", label: t("itMasters") },
      { href: "/dsi/provisionnement", label: t("itProvisioning") },
      { href: "/dsi/certificats", label: t("itCertificates") },
      { href: "/dsi/audit", label: t("itAudit") },
      { href: "/dsi/exports", label: t("itExports") },
    );
  }
  if (user.roles.includes("auditor") && !user.roles.includes("it_admin")) {
    items.push(
      { href: "/dsi/certificats", label: t("itCertificates") },
      { href: "/dsi/audit", label: t("itAudit") },
    );
  }
  return items;
}

export async function SiteHeader({ user }: { user: SessionUser | undefined }) {
  const t = await getTranslations("nav");
  const locale = await getLocale();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="mr-auto text-xl font-bold text-brand-700 sm:mr-0">
          Tremplin
        </Link>
        <nav
          aria-label="Navigation principale"
          className="order-last flex w-full gap-x-4 overflow-x-auto p-1 whitespace-nowrap sm:order-none sm:w-auto sm:flex-1 sm:flex-wrap"
        >
          {navFor(user, t).map((item) => (
            <Link
              key={item.href}
              href={item.href}
              // focus-inset: the scrolling nav clips anything drawn outside its links' boxes.
              className="focus-inset rounded px-1 py-2 text-slate-800 hover:text-brand-700"
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <form action={switchLocale}>
          <input type="hidden" name="locale" value={locale === "fr" ? "en" : "fr"} />
          <button
            type="submit"
            className="rounded px-2 py-2 text-sm text-slate-700 underline"
            aria-label={t("languageLabel")}
          >
            {t("language")}
          </button>
        </form>
        {user ? (
          <span className="flex items-center gap-3 text-sm">
            <Link
              href="/compte"
              className="text-slate-700 underline-offset-2 hover:underline"
              title={t("account")}
            >
              {user.name}
            </Link>
            <SignOutButton label={t("signOut")} />
          </span>
        ) : (
          <Link
            href="/connexion"
            className="rounded bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900"
          >
            {t("signIn")}
          </Link>
        )}
      </div>
    </header>
  );
}
