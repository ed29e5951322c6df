import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ItAlerts } from "@/server/home/get-it-alerts";
import { Empty, HomeCard } from "./home-card";

/** One alert: how many, a few of them by name, and the page that fixes it. */
type Alert = { id: string; title: string; count: number; lines: string[]; href: string; linkLabel: string };

/** IT's alerts: posts to watch, rooms not ready, provisioning due, content errors; or all quiet. */
export async function ItAlertsBlock({ alerts }: { alerts: ItAlerts }) {
  const t = await getTranslations("roleHome.it");
  const status = await getTranslations("fleet.status");
  const warning = await getTranslations("fleet.park.warnings");
  const format = await getFormatter();
  const { posts, rooms, provisioning, content } = alerts;
  const list: Alert[] = [
    {
      id: "posts",
      title: t("posts", { count: posts.count }),
      count: posts.count,
      lines: posts.items.map(
        (p) =>
          `${p.label} (${p.roomName} · ${p.siteName}) : ${[status(p.status), ...p.warnings.map((w) => warning(w))].join(", ")}`,
      ),
      href: "/dsi/parc#posts",
      linkLabel: t("postsLink"),
    },
    {
      id: "rooms",
      title: t("rooms", { count: rooms.count }),
      count: rooms.count,
      lines: rooms.items.map((r) => `${r.roomName} · ${r.siteName} : ${r.reason}`),
      href: "/dsi/parc#tomorrow",
      linkLabel: t("roomsLink"),
    },
    {
      id: "provisioning",
      title: t("provisioning", { count: provisioning.count }),
      count: provisioning.count,
      lines: provisioning.items.map(
        (s) =>
          `${s.trainingTitle}, ${t("starts", { date: format.dateTime(s.startsAt, { dateStyle: "long" }) })} — ${t("lastRun", { status: s.lastStatus ?? "none" })}`,
      ),
      href: "/dsi/provisionnement",
      linkLabel: t("provisioningLink"),
    },
    {
      id: "modules",
      title: t("modules", { count: content.count }),
      count: content.count,
      lines: content.modules.map((m) => t("moduleAwaiting", { module: m.title, training: m.trainingTitle })),
      href: "/dsi/contenus",
      linkLabel: t("modulesLink"),
    },
    {
      id: "certificates",
      title: t("certificates", { count: content.failingCertificateJobs }),
      count: content.failingCertificateJobs,
      lines: [],
      href: "/dsi/certificats",
      linkLabel: t("certificatesLink"),
    },
  ].filter((a) => a.count > 0);
  return (
    <HomeCard id="home-alerts" title={t("title")} isWide>
      {alerts.isQuiet ? (
        <Empty>{t("quiet")}</Empty>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {list.map((a) => (
            <li key={a.id} className="rounded-lg border border-amber-300 bg-amber-50 p-4 break-words">
              <p className="font-semibold text-amber-950">{a.title}</p>
              {a.lines.length > 0 && (
                <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-900">
                  {a.lines.map((line, i) => (
                    // Two lines may read alike (one training twice the same day): keyed by place.
                    // biome-ignore lint/suspicious/noArrayIndexKey: a static list, never reordered.
                    <li key={i}>{line}</li>
                  ))}
                  {a.count > a.lines.length && (
                    <li className="list-none">{t("more", { count: a.count - a.lines.length })}</li>
                  )}
                </ul>
              )}
              <Link
                href={a.href}
                className="mt-2 inline-block font-medium text-brand-700 underline underline-offset-2"
              >
                {a.linkLabel}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </HomeCard>
  );
}
