import "server-only";
import type { Db } from "@tremplin/db/client";
import { listSessionsBetween, type SessionRow } from "@tremplin/db/queries/planning";
import { addDays, defaultTimeZone, type LocalDate, localDate, zonedInstant } from "@tremplin/domain/calendar";
import { AppError } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";

/**
 * The trainer's own sessions on one local day (today by default), and the next ones of the
 * coming week so that a free day is not a blank page. Only sessions where they are the trainer.
 */
export async function listTrainerSessions(
  db: Db,
  input: { actor: Actor; day?: LocalDate | undefined; now: Date },
): Promise<{ day: LocalDate; today: SessionRow[]; upcoming: SessionRow[] }> {
  if (!input.actor.roles.includes("trainer")) {
    throw new AppError("forbidden", "Réservé aux formateurs.");
  }
  const day = input.day ?? localDate(input.now, defaultTimeZone);
  const from = zonedInstant(day, "00:00", defaultTimeZone);
  const to = zonedInstant(addDays(day, 1), "00:00", defaultTimeZone);
  const weekEnd = zonedInstant(addDays(day, 8), "00:00", defaultTimeZone);
  const [today, later] = await Promise.all([
    listSessionsBetween(db, { from, to, trainerId: input.actor.id }),
    listSessionsBetween(db, { from: to, to: weekEnd, trainerId: input.actor.id }),
  ]);
  const todayIds = new Set(today.map((s) => s.id));
  return { day, today, upcoming: later.filter((s) => !todayIds.has(s.id)).slice(0, 10) };
}
