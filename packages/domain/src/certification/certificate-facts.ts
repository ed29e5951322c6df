import { z } from "zod";

/**
 * What a certificate certifies, frozen at issuance and stored beside it: the document prints
 * exactly this, the verification page shows it, and a later correction of the training, the
 * attendance or the learner's name makes a new certificate instead of changing this one.
 */
export const certificateFactsSchema = z.object({
  kind: z.enum(["completion", "attendance"]),
  code: z.string(),
  issuedAt: z.iso.datetime({ offset: true }),
  issuer: z.object({
    name: z.string(),
    activityNumber: z.string().nullable(),
    siret: z.string().nullable(),
    address: z.string().nullable(),
    signatoryName: z.string().nullable(),
    signatoryRole: z.string().nullable(),
  }),
  learner: z.object({ name: z.string() }),
  action: z.object({
    title: z.string(),
    code: z.string(),
    nature: z.string(),
    objectives: z.array(z.string()),
    /** Local dates `YYYY-MM-DD` in the site's zone. */
    from: z.string(),
    to: z.string(),
    /** "Salle Toulouse-Lautrec, Maison de la Région d'Albi", or null when remote. */
    place: z.string().nullable(),
    isRemote: z.boolean(),
    plannedMinutes: z.number().int().min(0),
    attendedMinutes: z.number().int().min(0),
  }),
  /** Where the facts were signed: the site's city, or the issuer's. */
  signedAt: z.object({ city: z.string().nullable(), date: z.string() }),
});
export type CertificateFacts = z.infer<typeof certificateFactsSchema>;
export type CertificateKind = CertificateFacts["kind"];
