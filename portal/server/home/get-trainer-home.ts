import "server-only";
import type { Db } from "@tremplin/db/client";
import { listTrainerSessionsToValidate } from "@tremplin/db/queries/home";
import { listSessionsBetween, type SessionRow } from "@tremplin/db/queries/planning";
import { halfDayKey, halfDaysOf, type Period } from "@tremplin/domain/attendance";
import { addDays, defaultTimeZone, localDate, zonedInstant } from "@tremplin/domain/calendar";
import { AppError } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";

/**
 * How far back the home looks for half-days left unsigned. Older ones are IT's follow-up (the
 * sheet stays open on the session's page): the home is for this month's work.
 */
const lookBackDays = 31;
/** Sessions listed on the home; the count says how many more wait. */
const shown = 5;

export type HalfDayToValidate = { date: string; period: Period; endsAt: Date };
export type SessionToValidate = {
  sessionId: string;
  trainingTitle: string;
  roomName: string | null;
  siteName: string | null;
  timezone: string;
  halfDays: HalfDayToValidate[];
};
export type TrainerHome = {
  today: SessionRow[];
  /** The oldest sessions with half-days to validate (the first few). */
  toValidate: SessionToValidate[];
  /** How many sessions have half-days to validate, listed or not. */
  sessionsToValidate: number;
};

/**
 * The trainer's home: their sessions today (each leads to its attendance), and the half-days
 * that have ended but which they have not validated yet, oldest first. Two queries on
 * sessions_trainer_starts_idx, the trainer's own sessions only.
 */
export async function getTrainerHome(db: Db, input: { actor: Actor; now: Date }): Promise<TrainerHome> {
  if (!input.actor.roles.includes("trainer")) throw new AppError("forbidden", "Réservé aux formateurs.");
  const { now } = input;
  const day = localDate(now, defaultTimeZone);
  const [today, recent] = await Promise.all([
    listSessionsBetween(db, {
      from: zonedInstant(day, "00:00", defaultTimeZone),
      to: zonedInstant(addDays(day, 1), "00:00", defaultTimeZone),
      trainerId: input.actor.id,
    }),
    listTrainerSessionsToValidate(db, {
      trainerId: input.actor.id,
      since: new Date(now.getTime() - lookBackDays * 86_400_000),
      before: now,
    }),
  ]);
  const toValidate = recent.flatMap((s): SessionToValidate[] => {
    const signed = new Set(s.validated.map(halfDayKey));
    const halfDays = halfDaysOf({ startsAt: s.startsAt, endsAt: s.endsAt }, s.timezone)
      .filter((h) => h.endsAt <= now && !signed.has(halfDayKey(h)))
      .map((h) => ({ date: h.date, period: h.period, endsAt: h.endsAt }));
    if (halfDays.length === 0) return [];
    return [
      {
        sessionId: s.id,
        trainingTitle: s.trainingTitle,
        roomName: s.roomName,
        siteName: s.siteName,
        timezone: s.timezone,
        halfDays,
      },
    ];
  });
  return { today, toValidate: toValidate.slice(0, shown), sessionsToValidate: toValidate.length };
}
