import { z } from "zod";
import type { RunScope } from "./report";

/** At most two months ahead: accounts made earlier would sit unused, a target for guessing. */
export const maxDays = 60;

/**
 * A request to run provisioning, from the portal's form, the route or the CLI: one session
 * (`sessionId`), or every session running or starting within `days`, or neither (the sweep
 * alone). `sweep` also disables the accounts whose session ended past the grace period.
 */
export const runRequestSchema = z
  .object({
    sessionId: z.uuid({ message: "identifiant de session invalide (UUID attendu)" }).optional(),
    days: z
      .number({ message: "nombre de jours attendu" })
      .int({ message: "nombre entier de jours attendu" })
      .min(0, { message: "0 jour au moins" })
      .max(maxDays, { message: `${maxDays} jours au plus` })
      .optional(),
    sweep: z.boolean({ message: "true ou false attendu" }).default(true),
    /** Return the one-time initial passwords in the answer (the CLI asks only with --passwords-file). */
    includePasswords: z.boolean({ message: "true ou false attendu" }).default(false),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.sessionId && value.days !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["days"],
        message: "une session ou un nombre de jours, pas les deux",
      });
    }
    if (!value.sessionId && value.days === undefined && !value.sweep) {
      ctx.addIssue({
        code: "custom",
        path: ["days"],
        message: "rien à faire : indiquez une session, des jours ou sweep",
      });
    }
  });
export type RunRequest = z.infer<typeof runRequestSchema>;

export function scopeOf(request: RunRequest): RunScope {
  if (request.sessionId) return { kind: "session", sessionId: request.sessionId };
  if (request.days !== undefined) return { kind: "upcoming", days: request.days };
  return { kind: "sweep" };
}
