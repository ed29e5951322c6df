import { z } from "zod";
import { zonedInstant } from "../calendar/local-time";
import { AppError, type IssueDetail, parseOrThrow } from "../errors";

const isoDate = z
  .string({ message: "date requise" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "date au format AAAA-MM-JJ" })
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "date inexistante",
    },
  );
const time = z
  .string({ message: "heure requise" })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "heure au format HH:MM" });
const optionalId = (message: string) =>
  z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((s) => (s ? s : null))
    .pipe(z.uuid({ message }).nullable());

/** A session as IT types it in the planning form: local dates and times of the room's site. */
export const sessionInputSchema = z.object({
  trainingId: z.uuid({ message: "choisissez une formation" }),
  roomId: optionalId("salle inconnue"),
  trainerId: z.uuid({ message: "choisissez un formateur" }),
  masterVersionId: optionalId("version de master inconnue"),
  startDate: isoDate,
  startTime: time,
  endDate: isoDate,
  endTime: time,
  capacity: z.coerce
    .number({ message: "un nombre de places" })
    .int({ message: "un nombre entier" })
    .min(1, { message: "au moins 1 place" })
    .max(500, { message: "500 places au plus" }),
});
export type SessionInput = z.infer<typeof sessionInputSchema>;

/** Longest session planning accepts: a training programme, not a standing booking. */
const maxDays = 120;

/**
 * Parses the planning form and turns its local dates and times into the session's two
 * instants. Dates in the wrong order, or a day that ends before it starts, are refused on the
 * field to fix.
 */
export function parseSessionInput(
  fields: unknown,
  timeZone: string,
): SessionInput & { startsAt: Date; endsAt: Date } {
  const input = parseOrThrow(sessionInputSchema, fields, "Session");
  const issues: IssueDetail[] = [];
  if (input.endDate < input.startDate) {
    issues.push({ path: "endDate", message: "la date de fin précède la date de début" });
  } else if (input.endTime <= input.startTime) {
    issues.push({
      path: "endTime",
      message:
        input.endDate === input.startDate
          ? "l'heure de fin doit suivre l'heure de début"
          : "chaque journée doit finir après son heure de début",
    });
  }
  const startsAt = zonedInstant(input.startDate, input.startTime, timeZone);
  const endsAt = zonedInstant(input.endDate, input.endTime, timeZone);
  if (issues.length === 0 && endsAt.getTime() - startsAt.getTime() > maxDays * 86_400_000) {
    issues.push({ path: "endDate", message: `une session dure ${maxDays} jours au plus` });
  }
  if (issues.length > 0) {
    throw new AppError("invalid_input", `Session invalide — ${issues.map((i) => i.message).join("; ")}`, {
      issues,
    });
  }
  return { ...input, startsAt, endsAt };
}
