import { z } from "zod";
import { fromPem, toPem } from "./der";

const pemCertificate = z
  .string()
  .regex(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n?$/, {
    message: "attendu : un certificat PEM (-----BEGIN CERTIFICATE-----)",
  });

/**
 * What an auditor needs to check our documents offline (`tremplin-verify --trust`): the roots
 * that sign our signers, the TSA certificates whose tokens count, and the evidence vault's
 * signed-note verifier keys (C2SP, `<name>+<hash>+<base64 key>`). JSON, PEM inside, so each
 * certificate also opens with openssl.
 */
export const trustBundleSchema = z.object({
  format: z.literal("tremplin-trust-bundle/1"),
  organisation: z.string().min(1),
  generatedAt: z.iso.datetime(),
  caCertificates: z.array(pemCertificate).min(1, { message: "au moins une autorité de certification" }),
  tsaCertificates: z.array(pemCertificate).min(1, { message: "au moins une autorité d'horodatage" }),
  logVerifierKeys: z.array(
    z.string().regex(/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/, {
      message: "attendu : une clé de vérification signed-note (nom+empreinte+clé)",
    }),
  ),
});
export type TrustBundle = z.infer<typeof trustBundleSchema>;

/** The trust anchors a verification uses, as DER. */
export type Trust = {
  caCertificates: Uint8Array[];
  tsaCertificates: Uint8Array[];
  logVerifierKeys: string[];
};

export function buildTrustBundle(input: {
  organisation: string;
  caCertificates: Uint8Array[];
  tsaCertificates: Uint8Array[];
  logVerifierKeys: string[];
  now?: Date;
}): TrustBundle {
  return trustBundleSchema.parse({
    format: "tremplin-trust-bundle/1",
    organisation: input.organisation,
    generatedAt: (input.now ?? new Date()).toISOString(),
    caCertificates: input.caCertificates.map((der) => toPem("CERTIFICATE", der)),
    tsaCertificates: input.tsaCertificates.map((der) => toPem("CERTIFICATE", der)),
    logVerifierKeys: input.logVerifierKeys,
  });
}

/** A parsed bundle's anchors, as the verifiers take them. */
export function trustFromBundle(bundle: TrustBundle): Trust {
  const der = (pems: string[]) => pems.flatMap((pem) => fromPem("CERTIFICATE", pem));
  return {
    caCertificates: der(bundle.caCertificates),
    tsaCertificates: der(bundle.tsaCertificates),
    logVerifierKeys: bundle.logVerifierKeys,
  };
}
