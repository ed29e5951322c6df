import { getFormatter, getTranslations } from "next-intl/server";
import type { CodeState } from "@/components/fleet/code-state";
import { ReplaceForm } from "@/components/fleet/replace-form";
import type { FleetPost } from "@/server/fleet/get-fleet-health";

/** The kiosk OS the post runs, and an alert when its last update did not take. */
export async function SystemCell({ system }: { system: FleetPost["system"] }) {
  if (!system) return "—";
  const t = await getTranslations("fleet.park");
  const format = await getFormatter();
  const failed = system.lastUpdate && system.lastUpdate.outcome !== "installed" ? system.lastUpdate : null;
  return (
    <>
      <span className="whitespace-nowrap">
        {t("systemSlot", { version: system.osVersion, slot: system.slot.toUpperCase() })}
      </span>
      {failed && (
        <p role="alert" className="mt-1 w-56 text-xs font-semibold text-amber-900">
          ⚠{" "}
          {t("updateFailed", {
            outcome: failed.outcome,
            version: failed.version,
            at: format.dateTime(new Date(failed.at), { dateStyle: "short", timeStyle: "short" }),
          })}
          {failed.reason && (
            <span className="block font-normal">{t("updateReason", { reason: failed.reason })}</span>
          )}
        </p>
      )}
    </>
  );
}

/**
 * The machine serving as the post, which ones served before and when, and IT's way to put a
 * spare in place of a dead one.
 */
export async function MachineCell({
  post,
  replaceAction,
}: {
  post: FleetPost;
  replaceAction: (previous: CodeState, form: FormData) => Promise<CodeState>;
}) {
  const t = await getTranslations("fleet.park");
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short" });
  const current = post.machines.find((m) => m.replacedAt === null);
  const inService = post.status !== "unregistered" && post.status !== "revoked";
  return (
    <>
      {current ? (
        <span className="block whitespace-nowrap">
          {current.serial ? (
            <span className="font-mono">{current.serial}</span>
          ) : (
            <span className="text-slate-600">{t("serialUnknown")}</span>
          )}
          {current.product && <span className="block text-slate-600">{current.product}</span>}
        </span>
      ) : (
        "—"
      )}
      {post.machines.length > 0 && (
        <details className="mt-1 text-sm">
          <summary className="cursor-pointer rounded px-1 py-1 underline">
            {t("machinesHistory", { count: post.machines.length })}
          </summary>
          <table className="mt-1 text-left text-xs">
            <caption className="sr-only">{t("machinesCaption", { label: post.label })}</caption>
            <thead>
              <tr>
                {(["colSerial", "colProduct", "colFrom", "colTo"] as const).map((c) => (
                  <th key={c} scope="col" className="pr-3 whitespace-nowrap">
                    {t(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {post.machines.map((m) => (
                <tr key={m.firstSeenAt.toISOString()}>
                  <th scope="row" className="pr-3 font-mono font-normal whitespace-nowrap">
                    {m.serial ?? m.hostname}
                  </th>
                  <td className="pr-3">{m.product ?? "—"}</td>
                  <td className="pr-3 whitespace-nowrap">{day(m.firstSeenAt)}</td>
                  <td className="whitespace-nowrap">{m.replacedAt ? day(m.replacedAt) : t("inService")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {inService && <ReplaceForm kioskId={post.id} label={post.label} action={replaceAction} />}
    </>
  );
}
