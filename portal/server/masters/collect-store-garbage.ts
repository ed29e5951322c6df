import "server-only";
import type { Db } from "@tremplin/db/client";
import { findVersionsInUse } from "@tremplin/db/queries/masters";
import { addDays, localDate } from "@tremplin/domain/calendar";
import { parseOrThrow } from "@tremplin/domain/errors";
import { collectGarbage, type GcReport } from "@tremplin/image-format/maintain-store";
import type { MasterStore } from "@tremplin/image-format/master-store";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { withStoreLease } from "./store-lease";

export const gcFieldsSchema = z.object({
  keep: z.coerce
    .number({ message: "un nombre" })
    .int({ message: "un nombre entier" })
    .min(1, { message: "au moins 1 : la dernière version d'un master reste toujours" })
    .max(50, { message: "au plus 50" }),
  /** `preview` says what would go; `remove` removes it. */
  mode: z.enum(["preview", "remove"], { message: "aperçu ou suppression" }),
});

/** What the store must keep whatever its age (`findVersionsInUse`), at `now`. */
export function versionsInUse(db: Db, now: Date): Promise<{ name: string; version: string }[]> {
  // The day before today in UTC: no site's date is earlier, so nothing still running is missed.
  return findVersionsInUse(db, { now, today: addDays(localDate(now, "UTC"), -1) });
}

/**
 * A collection holds the store's lease this long between renewals: listing a bucket of millions
 * of chunks fits in it; removals renew it every 500.
 */
const gcLeaseMs = 30 * 60_000;

/**
 * IT frees the portal's masters store (folder or bucket): for each master its `keep` newest
 * versions stay, and every version still in use (sessions and rollouts not over, the rooms'
 * kiosk-OS targets), whatever its age; the other manifests go, then every chunk no remaining
 * version names. A preview removes nothing. Publishing waits during a removal (the store's lease).
 * Audited when something was removed.
 */
export async function collectStoreGarbage(
  db: Db,
  store: MasterStore,
  input: { actor: Actor; fields: unknown; now: () => Date; requestId?: string },
): Promise<{ report: GcReport; isPreview: boolean; inUse: { name: string; version: string }[] }> {
  assertItAdmin(input.actor);
  const { keep, mode } = parseOrThrow(gcFieldsSchema, input.fields, "Nettoyage du dépôt");
  const inUse = await versionsInUse(db, input.now());
  const isPreview = mode === "preview";
  // A preview changes nothing: it does not keep publishers waiting.
  const report = isPreview
    ? await collectGarbage({ store, keep, scheduled: inUse, dryRun: true })
    : await withStoreLease(db, { now: input.now, ttlMs: gcLeaseMs, waitMs: 10_000 }, (renew) =>
        collectGarbage({ store, keep, scheduled: inUse, stillHolding: renew }),
      );
  if (!isPreview && (report.removedVersions.length > 0 || report.removedChunks > 0)) {
    await auditChange(
      db,
      { actor: input.actor, now: input.now(), requestId: input.requestId },
      {
        action: "masters-store.collected",
        entity: ["masters-store", "portal"],
        details: { keep, ...report },
      },
    );
  }
  return { report, isPreview, inUse };
}
