import { z } from "zod";

/** A trainer's correction of one learner's presence for one half-day. The reason is mandatory. */
export const correctionInputSchema = z.object({
  learnerId: z.uuid({ message: "stagiaire inconnu" }),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "date au format AAAA-MM-JJ" }),
  period: z.enum(["am", "pm"], { message: "matin ou après-midi" }),
  status: z.enum(["present", "absent"], { message: "présent ou absent" }),
  reason: z
    .string({ message: "motif requis" })
    .trim()
    .min(5, { message: "indiquez le motif de la correction (5 caractères au moins)" })
    .max(500, { message: "500 caractères au plus" }),
});
export type CorrectionInput = z.infer<typeof correctionInputSchema>;

/**
 * Session notes, with the text the trainer started from: a save is refused if the notes changed
 * meanwhile (another tab, a co-trainer), rather than silently overwriting them.
 */
export const notesInputSchema = z.object({
  notes: z.string({ message: "texte requis" }).max(5000, { message: "5 000 caractères au plus" }),
  previousNotes: z.string().max(5000).default(""),
});
