import { type SignPdfOptions, signPdfDocument } from "../../signing/pades-sign";
import type { Timestamper } from "../../signing/timestamper";
import type { DocumentFields } from "./document-fields";
import { buildAttendanceCertificate } from "./render-attendance-certificate";
import { buildCompletionCertificate } from "./render-completion-certificate";

const titles = { completion: "Certificat de réalisation", attendance: "Attestation d'assiduité" } as const;

/** The signed PDF and the signature's time-stamp token (kept beside it and in the vault entry). */
export type SignedCertificate = { pdf: Uint8Array; timestampToken: Uint8Array };

/**
 * The issued document in one step: rendered by its kind, signed (PAdES) and time-stamped, with
 * its validation data (B-LT), from one in-memory document (no save-and-parse between the steps).
 * Throws AppError "unavailable" when the time-stamp authority cannot be reached: the caller
 * retries later, and nothing is issued meanwhile.
 */
export async function renderSignedCertificate(
  fields: DocumentFields,
  signing: Omit<SignPdfOptions, "reason" | "location">,
): Promise<SignedCertificate> {
  const document =
    fields.kind === "completion"
      ? await buildCompletionCertificate(fields)
      : await buildAttendanceCertificate(fields);
  let timestampToken: Uint8Array | undefined;
  const timestamper: Timestamper = {
    stamp: async (digest) => {
      timestampToken = await signing.timestamper.stamp(digest);
      return timestampToken;
    },
  };
  const pdf = await signPdfDocument(document, {
    ...signing,
    timestamper,
    reason: `${titles[fields.kind]} n° ${fields.code}`,
    location: fields.signedAt.city ?? "",
  });
  if (!timestampToken) throw new Error("signature sans horodatage");
  return { pdf, timestampToken };
}
