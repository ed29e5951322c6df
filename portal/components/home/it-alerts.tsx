import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { ItAlerts } from "@/server/home/get-it-alerts";
import { Empty, HomeCard } from "./home-card";

/** One alert: how many, a few of them by name, and the page that fixes it. */
function Alert({
  title,
  count,
  shown,
  href,
  linkLabel,
  more,
  children,
}: {
  title: string;
  count: number;
  shown: number;
  href: string;
  linkLabel: string;
  more: (count: number) => string;
  children?: ReactNode;
}) {
  return (
    <li className="rounded-lg border border-amber-300 bg-amber-50 p-4 break-words">
      <p className="font-semibold text-amber-950">{title}</p>
      {shown > 0 && (
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-900">
          {children}
          {count > shown && <li className="list-none">{more(count - shown)}</li>}
        </ul>
      )}
      <Link href={href} className="mt-2 inline-block font-medium text-brand-700 underline underline-offset-2">
        {linkLabel}
      </Link>
    </li>
  );
}

/** IT's alerts: posts to watch, rooms not ready, provisioning due, content errors; or all quiet. */
export async function ItAlertsBlock({ alerts }: { alerts: ItAlerts }) {
  const t = await getTranslations("roleHome.it");
  const status = await getTranslations("fleet.status");
  const warning = await getTranslations("fleet.park.warnings");
  const format = await getFormatter();
  const more = (count: number) => t("more", { count });
  const { posts, rooms, provisioning, content } = alerts;
  return (
    <HomeCard id="home-alerts" title={t("title")} isWide>
      {alerts.isQuiet ? (
        <Empty>{t("quiet")}</Empty>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {posts.count > 0 && (
            <Alert
              title={t("posts", { count: posts.count })}
              count={posts.count}
              shown={posts.items.length}
              href="/dsi/parc#posts"
              linkLabel={t("postsLink")}
              more={more}
            >
              {posts.items.map((p) => (
                <li key={p.label}>
                  {p.label} ({p.roomName} · {p.siteName}) :{" "}
                  {[status(p.status), ...p.warnings.map((w) => warning(w))].join(", ")}
                </li>
              ))}
            </Alert>
          )}
          {rooms.count > 0 && (
            <Alert
              title={t("rooms", { count: rooms.count })}
              count={rooms.count}
              shown={rooms.items.length}
              href="/dsi/parc#tomorrow"
              linkLabel={t("roomsLink")}
              more={more}
            >
              {rooms.items.map((r) => (
                <li key={`${r.siteName}/${r.roomName}`}>
                  {r.roomName} · {r.siteName} : {r.reason}
                </li>
              ))}
            </Alert>
          )}
          {provisioning.count > 0 && (
            <Alert
              title={t("provisioning", { count: provisioning.count })}
              count={provisioning.count}
              shown={provisioning.items.length}
              href="/dsi/provisionnement"
              linkLabel={t("provisioningLink")}
              more={more}
            >
              {provisioning.items.map((s) => (
                <li key={s.id}>
                  {s.trainingTitle},{" "}
                  {t("starts", { date: format.dateTime(s.startsAt, { dateStyle: "long" }) })} —{" "}
                  {t("lastRun", { status: s.lastStatus ?? "none" })}
                </li>
              ))}
            </Alert>
          )}
          {content.count > 0 && (
            <Alert
              title={t("modules", { count: content.count })}
              count={content.count}
              shown={content.modules.length}
              href="/dsi/contenus"
              linkLabel={t("modulesLink")}
              more={more}
            >
              {content.modules.map((m) => (
                <li key={m.id}>{t("moduleAwaiting", { module: m.title, training: m.trainingTitle })}</li>
              ))}
            </Alert>
          )}
          {content.failingCertificateJobs > 0 && (
            <Alert
              title={t("certificates", { count: content.failingCertificateJobs })}
              count={0}
              shown={0}
              href="/dsi/certificats"
              linkLabel={t("certificatesLink")}
              more={more}
            />
          )}
        </ul>
      )}
    </HomeCard>
  );
}
