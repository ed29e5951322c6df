/** Object identifiers this module writes or checks, named after the RFC that defines them. */
export const oid = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  /** RFC 5035 signing-certificate-v2 (ESSCertIDv2), required by PAdES and RFC 5816 TSAs. */
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  /** RFC 3161 appendix A: the signature time-stamp, an unsigned attribute of the SignerInfo. */
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  sha256: "2.16.840.1.101.3.4.2.1",
  timeStamping: "1.3.6.1.5.5.7.3.8",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  crlDistributionPoints: "2.5.29.31",
  commonName: "2.5.4.3",
  organizationName: "2.5.4.10",
  countryName: "2.5.4.6",
  /**
   * The built-in TSA's policy: an OID under 2.25 (ITU-T X.667), made from a UUID, so it needs no
   * registration and names Tremplin's own policy, bound to no external practice statement.
   */
  builtInTsaPolicy: "2.25.297941172918493825361451067215864651916",
} as const;
