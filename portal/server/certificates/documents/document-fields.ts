import { certificateFactsSchema } from "@tremplin/domain/certification";
import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "attendu : une date AAAA-MM-JJ" });

/** One half-day of the attendance certificate's optional detail. */
export const halfDaySchema = z.object({
  date: isoDate,
  period: z.enum(["morning", "afternoon"]),
  plannedMinutes: z.number().int().min(0),
  attendedMinutes: z.number().int().min(0),
});
export type HalfDay = z.infer<typeof halfDaySchema>;

/**
 * What the two documents print: the certificate's frozen facts (the Ministry model's fields:
 * issuer with NDA and SIRET, learner, action title and nature, dates, hours, place or distance,
 * signatory, place and date of signature), where its verification page lives, and for the
 * attendance certificate the optional half-day detail.
 */
export const documentFieldsSchema = certificateFactsSchema.extend({
  action: certificateFactsSchema.shape.action.extend({ from: isoDate, to: isoDate }),
  signedAt: certificateFactsSchema.shape.signedAt.extend({ date: isoDate }),
  /** The portal's public address: the QR code and the short code point to `<baseUrl>/verifier/<code>`. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  halfDays: z.array(halfDaySchema).max(400).optional(),
});
export type DocumentFields = z.infer<typeof documentFieldsSchema>;
