import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  findLastBeat,
  lockProgress,
  touchEnrolment,
  updateProgress,
} from "@tremplin/db/queries/learning-progress";
import { parseOrThrow } from "@tremplin/domain/errors";
import { creditedSeconds, mergeStatus } from "@tremplin/domain/progress";
import { z } from "zod";
import { getModuleAccess } from "./module-access";

const beatSchema = z.object({
  moduleId: z.uuid(),
  /** Seconds the tab was visible with recent interaction since the previous beat. */
  activeSeconds: z.number().int().min(0).max(3600),
});

/**
 * The player's heartbeat: opening a module (0 s) marks it started and remembers it as the place
 * to resume; later beats add honest active time, capped by the server (see domain/progress).
 */
export async function recordActivity(
  db: Db,
  input: { learnerId: string; body: unknown; now: Date },
): Promise<{ creditedSeconds: number; totalSeconds: number }> {
  const beat = parseOrThrow(beatSchema, input.body, "Activité");
  const { module, enrolment } = await getModuleAccess(db, {
    learnerId: input.learnerId,
    moduleId: beat.moduleId,
    now: input.now,
  });
  return db.transaction(async (tx) => {
    const lastBeatAt = beat.activeSeconds > 0 ? await findLastBeat(tx, input.learnerId) : null;
    const row = await lockProgress(tx, {
      learnerId: input.learnerId,
      moduleId: module.id,
      enrolmentId: enrolment.id,
      now: input.now,
    });
    const credited =
      beat.activeSeconds > 0
        ? creditedSeconds({ claimedSeconds: beat.activeSeconds, lastBeatAt, now: input.now })
        : 0;
    await updateProgress(tx, {
      id: row.id,
      enrolmentId: enrolment.id,
      now: input.now,
      patch: {
        status: mergeStatus(row.status, "incomplete"),
        addSeconds: credited,
        ...(beat.activeSeconds > 0 ? { lastBeatAt: input.now } : {}),
      },
    });
    await touchEnrolment(tx, { enrolmentId: enrolment.id, moduleId: module.id, now: input.now });
    return { creditedSeconds: credited, totalSeconds: row.activeSeconds + credited };
  });
}
