import "server-only";
import type { Db } from "@tremplin/db/client";
import { findLatestAudit } from "@tremplin/db/queries/audit";
import { lockSessionSeats } from "@tremplin/db/queries/learning";
import { queueSessionMailJobs } from "@tremplin/db/queries/mail-jobs";
import {
  findSessionDetail,
  lockPlanningKeys,
  lockSession,
  type SessionValues,
  updateSessionIfVersion,
} from "@tremplin/db/queries/planning";
import { defaultTimeZone } from "@tremplin/domain/calendar";
import { AppError } from "@tremplin/domain/errors";
import { frenchTime } from "@tremplin/domain/schedule";
import { z } from "zod";
import { frenchDate } from "@/server/attendance/sheet-text";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { promoteWaitingList } from "@/server/learning/waiting-list";
import { assertNoConflicts, planKeys, resolveSessionPlan } from "./session-plan";

const refSchema = z.object({ sessionId: z.uuid(), version: z.coerce.number().int().min(1) });

/**
 * "Someone else changed it": who and when, from the audit log, so that IT knows whom to ask.
 * Exported for the cancel use case, which loses the same race.
 */
export async function staleVersionError(db: Db, sessionId: string): Promise<AppError> {
  const last = await findLatestAudit(db, "session", sessionId);
  const by = last
    ? ` (${last.actorLabel}, le ${frenchDate(last.at, defaultTimeZone, "short")} à ${frenchTime(last.at, defaultTimeZone)})`
    : "";
  return new AppError(
    "conflict",
    `Quelqu'un d'autre a modifié cette session entre-temps${by}. Vos changements n'ont pas été enregistrés : rechargez la page pour voir la version actuelle, puis refaites-les.`,
    { details: { reason: "stale_version" } },
  );
}

const changed = (before: Record<string, unknown>, after: SessionValues) =>
  Object.fromEntries(
    Object.entries(after).flatMap(([k, v]) => {
      const old = before[k];
      const same = old instanceof Date && v instanceof Date ? old.getTime() === v.getTime() : old === v;
      return same
        ? []
        : [
            [
              k,
              {
                from: old instanceof Date ? old.toISOString() : old,
                to: v instanceof Date ? v.toISOString() : v,
              },
            ],
          ];
    }),
  );

/**
 * IT edits a session. The form carries the version it was read at: if another edit was saved
 * since, this one is refused and changes nothing. Conflicts are checked as at creation, and the
 * capacity cannot drop below the learners already enrolled. Learners enrolled or waiting are told
 * by e-mail when the dates or the room change; seats added go to the first on the waiting list,
 * who are told too.
 */
export async function updateSession(
  db: Db,
  input: { actor: Actor; sessionId: unknown; fields: unknown; now: Date; requestId?: string },
): Promise<{ id: string; version: number }> {
  assertItAdmin(input.actor);
  const ref = refSchema.safeParse({
    sessionId: input.sessionId,
    version: (input.fields as { version?: unknown })?.version,
  });
  if (!ref.success) throw new AppError("not_found", "Session introuvable.");
  const { sessionId, version } = ref.data;
  const before = await findSessionDetail(db, sessionId);
  if (!before) throw new AppError("not_found", "Session introuvable.");
  const plan = await resolveSessionPlan(db, input.fields);
  return db.transaction(async (tx) => {
    await lockPlanningKeys(tx, planKeys(plan.values));
    const current = await lockSession(tx, sessionId);
    if (!current) throw new AppError("not_found", "Session introuvable.");
    if (current.cancelledAt)
      throw new AppError("conflict", "Cette session a été annulée : elle ne peut plus être modifiée.");
    if (current.version !== version) throw await staleVersionError(tx, sessionId);
    if (plan.values.capacity < current.enrolled) {
      throw new AppError(
        "invalid_input",
        `${current.enrolled} stagiaires sont déjà inscrits à cette session.`,
        {
          issues: [
            { path: "capacity", message: `au moins ${current.enrolled} places (stagiaires déjà inscrits)` },
          ],
        },
      );
    }
    await assertNoConflicts(tx, plan, sessionId);
    const saved = await updateSessionIfVersion(tx, sessionId, version, plan.values);
    if (!saved) throw await staleVersionError(tx, sessionId);
    const changes = changed(before, plan.values);
    await auditChange(tx, input, {
      action: "session.updated",
      entity: ["session", sessionId],
      details: { version: saved.version, changes },
    });
    const moved = ["startsAt", "endsAt", "roomId"].some((k) => k in changes);
    if (moved && plan.values.endsAt > input.now)
      await queueSessionMailJobs(tx, sessionId, "session_changed", input.now);
    if (plan.values.capacity > current.capacity) {
      await promoteWaitingList(tx, {
        session: (await lockSessionSeats(tx, sessionId))!,
        seatsFreed: 0,
        now: input.now,
        requestId: input.requestId,
      });
    }
    return { id: sessionId, version: saved.version };
  });
}
