import { z } from "zod";

/**
 * The natures of action a certificate may name: the four boxes of the Ministry's model
 * *certificat de réalisation* (Code du travail, art. L. 6313-1).
 */
export const actionNatures = [
  "Action de formation",
  "Bilan de compétences",
  "Action de VAE",
  "Action de formation par apprentissage",
] as const;

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
/** "7,5" or "7.5" hours, as people type them in France. */
const hours = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().replace(",", ".") : v),
  z.coerce
    .number("un nombre d'heures, par exemple 7,5")
    .min(0, "0 heure au moins")
    .max(1_000, "1 000 heures au plus"),
);

/**
 * IT's form for a training's completion rules and certificate fields. Empty optional fields mean
 * "none": no attempt limit, attendance by percent rather than hours, no funder.
 */
export const completionRulesInputSchema = z.object({
  passingScorePercent: z.coerce.number().int("un pourcentage entier").min(0).max(100, "100 % au plus"),
  maxAttempts: z.preprocess(
    blankToNull,
    z.coerce.number().int().min(1, "1 tentative au moins").max(50).nullable(),
  ),
  minAttendancePercent: z.coerce.number().int("un pourcentage entier").min(0).max(100, "100 % au plus"),
  minAttendedHours: z.preprocess(blankToNull, hours.nullable()),
  actionNature: z.enum(actionNatures, "une nature d'action de la liste"),
  funder: z.preprocess(blankToNull, z.string().trim().max(200).nullable()),
  evidenceRetentionYears: z.coerce
    .number()
    .int("un nombre entier d'années")
    .min(3, "3 ans au moins (article L. 6353-1)")
    .max(30, "30 ans au plus"),
});
export type CompletionRulesInput = z.infer<typeof completionRulesInputSchema>;
