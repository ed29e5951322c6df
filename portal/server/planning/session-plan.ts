import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  findPlanningReferences,
  listOverlappingSessions,
  type SessionRow,
  type SessionValues,
} from "@tremplin/db/queries/planning";
import { defaultTimeZone } from "@tremplin/domain/calendar";
import { AppError, type IssueDetail, parseOrThrow } from "@tremplin/domain/errors";
import { laSalle } from "@tremplin/domain/french";
import { findConflicts, parseSessionInput, sessionInputSchema } from "@tremplin/domain/planning";
import { frenchTime } from "@tremplin/domain/schedule";
import { frenchDate } from "@/server/attendance/sheet-text";

export type SessionPlan = {
  values: SessionValues;
  timezone: string;
  names: { training: string; room: string | null; trainer: string };
};

/**
 * Reads the planning form into the values to store: ids that name real rows (a trainer who is
 * one), the local dates read in the room's zone, a capacity the room can seat. Every problem
 * is reported at once, on its field.
 */
export async function resolveSessionPlan(db: Db, fields: unknown): Promise<SessionPlan> {
  const draft = parseOrThrow(sessionInputSchema, fields, "Session");
  const refs = await findPlanningReferences(db, draft);
  const issues: IssueDetail[] = [];
  if (!refs.training) issues.push({ path: "trainingId", message: "formation inconnue" });
  if (draft.roomId && !refs.room) issues.push({ path: "roomId", message: "salle inconnue" });
  if (!refs.trainer?.roles.includes("trainer") || refs.trainer.disabledAt) {
    issues.push({ path: "trainerId", message: "cette personne n'est pas un formateur actif" });
  }
  if (draft.masterVersionId && !refs.masterVersion) {
    issues.push({ path: "masterVersionId", message: "version de master inconnue" });
  }
  const timezone = refs.room?.timezone ?? defaultTimeZone;
  const input = parseSessionInput(fields, timezone);
  if (refs.room && input.capacity > refs.room.capacity) {
    issues.push({
      path: "capacity",
      message: `${laSalle(refs.room.name)} compte ${refs.room.capacity} postes : ${refs.room.capacity} places au plus`,
    });
  }
  if (issues.length > 0) {
    throw new AppError("invalid_input", `Session invalide — ${issues.map((i) => i.message).join("; ")}`, {
      issues,
    });
  }
  return {
    values: {
      trainingId: input.trainingId,
      roomId: input.roomId,
      trainerId: input.trainerId,
      masterVersionId: input.masterVersionId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      capacity: input.capacity,
    },
    timezone,
    names: { training: refs.training!.title, room: refs.room?.name ?? null, trainer: refs.trainer!.name },
  };
}

function when(s: SessionRow, timezone: string): string {
  const day = frenchDate(s.startsAt, timezone);
  const last = frenchDate(s.endsAt, timezone);
  const span = day === last ? `le ${day}` : `du ${day} au ${last}`;
  return `${span} de ${frenchTime(s.startsAt, timezone)} à ${frenchTime(s.endsAt, timezone)}`;
}

/**
 * Refuses a plan that double-books its room or its trainer, naming the session in the way.
 * Call it inside the transaction that writes, after `lockPlanningKeys` on the room and trainer.
 */
export async function assertNoConflicts(tx: Db, plan: SessionPlan, excludeId?: string): Promise<void> {
  const others = await listOverlappingSessions(tx, { ...plan.values, excludeId });
  const conflicts = findConflicts({ ...plan.values, id: excludeId }, others, plan.timezone);
  if (conflicts.length === 0) return;
  const issues: IssueDetail[] = [];
  const sentences: string[] = [];
  for (const { kind, session } of conflicts) {
    const what = `« ${session.trainingTitle} »`;
    if (kind === "room") {
      issues.push({ path: "roomId", message: `salle déjà occupée ${when(session, plan.timezone)}` });
      sentences.push(
        `${capitalise(laSalle(plan.names.room ?? ""))} est déjà occupée ${when(session, plan.timezone)} par ${what} (${session.trainerName ?? "sans formateur"}).`,
      );
    } else {
      issues.push({ path: "trainerId", message: `formateur déjà pris ${when(session, plan.timezone)}` });
      sentences.push(
        `${plan.names.trainer} anime déjà ${what} ${when(session, plan.timezone)} (${session.roomName ?? "à distance"}).`,
      );
    }
  }
  throw new AppError("conflict", sentences.join(" "), {
    issues,
    details: { conflictingSessionIds: [...new Set(conflicts.map((c) => c.session.id))] },
  });
}

/** Advisory-lock keys of a plan: its room and its trainer. */
export function planKeys(values: Pick<SessionValues, "roomId" | "trainerId">): string[] {
  return [values.roomId ? `room:${values.roomId}` : "", `trainer:${values.trainerId}`].filter(Boolean);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
