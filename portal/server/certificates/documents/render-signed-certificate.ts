import { type SignPdfOptions, signPdfDocument } from "../../signing/pades-sign";
import type { DocumentFields } from "./document-fields";
import { buildAttendanceCertificate } from "./render-attendance-certificate";
import { buildCompletionCertificate } from "./render-completion-certificate";

const titles = { completion: "Certificat de réalisation", attendance: "Attestation d'assiduité" } as const;

/**
 * The issued document in one step: rendered by its kind, signed (PAdES) and time-stamped, with
 * its validation data (B-LT). Throws AppError "unavailable" when the time-stamp authority cannot
 * be reached: the caller retries later, and nothing is issued meanwhile.
 */
export async function renderSignedCertificate(
  fields: DocumentFields,
  signing: Omit<SignPdfOptions, "reason" | "location">,
): Promise<Uint8Array> {
  const document =
    fields.kind === "completion"
      ? await buildCompletionCertificate(fields)
      : await buildAttendanceCertificate(fields);
  return signPdfDocument(document, {
    ...signing,
    reason: `${titles[fields.kind]} n° ${fields.code}`,
    location: fields.signedAt.city ?? "",
  });
}
