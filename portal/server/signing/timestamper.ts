import { AppError } from "@tremplin/domain/errors";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { randomPositiveInteger, toArrayBuffer } from "./der";
import { oid } from "./oids";
import type { SigningIdentity } from "./organisation-pki";
import { verifyTimestampToken } from "./timestamp-token";
import { issueToken } from "./tsa-responder";

/**
 * What the rest of the portal uses to time-stamp: the SHA-256 of something in, an RFC 3161
 * TimeStampToken (DER ContentInfo of SignedData) out. It throws AppError "unavailable" when no
 * token could be had (TSA down, slow, or a reply that fails the checks): retry later; nothing
 * that needs a time-stamp may go out without one.
 */
export type Timestamper = { stamp(sha256Digest: Uint8Array): Promise<Uint8Array> };

function sha256Imprint(digest: Uint8Array): pkijs.MessageImprint {
  if (digest.length !== 32) throw new AppError("invalid_input", "Empreinte SHA-256 attendue (32 octets).");
  return new pkijs.MessageImprint({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: oid.sha256,
      algorithmParams: new asn1js.Null(),
    }),
    hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(digest) }),
  });
}

/** The built-in TSA, in process: the same tokens as POST /api/v1/tsa, without the round trip. */
export function builtInTimestamper(tsa: SigningIdentity, now: () => Date = () => new Date()): Timestamper {
  return {
    stamp: (digest) =>
      issueToken(tsa, { imprint: sha256Imprint(digest), nonce: undefined, certReq: true, now: now() }),
  };
}

export type ExternalTimestamperOptions = {
  url: string;
  /** The TSA's certificate(s): a token signed by any other key is refused. */
  tsaCertificates: Uint8Array[];
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const unavailable = (message: string, details: Record<string, unknown> = {}, cause?: unknown) =>
  new AppError("unavailable", `Horodatage impossible : ${message}`, { details, cause });

/**
 * An RFC 3161 TSA reached over HTTP (§3.4): a query with a fresh nonce and certReq, and a reply
 * taken only if it is granted, holds a token over this digest with this nonce, and the token's
 * signature verifies against the configured TSA certificate.
 */
export function externalTimestamper(options: ExternalTimestamperOptions): Timestamper {
  const fetchFn = options.fetch ?? fetch;
  return {
    async stamp(digest) {
      const nonce = randomPositiveInteger(8);
      const query = new pkijs.TimeStampReq({
        version: 1,
        messageImprint: sha256Imprint(digest),
        nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
        certReq: true,
      });
      const body = new Uint8Array(query.toSchema().toBER(false));
      let reply: Uint8Array;
      try {
        const response = await fetchFn(options.url, {
          method: "POST",
          headers: { "content-type": "application/timestamp-query" },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        if (!response.ok)
          throw unavailable(`l'autorité répond ${response.status}`, { status: response.status });
        reply = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw unavailable(`autorité injoignable (${(error as Error).message})`, { url: options.url }, error);
      }
      return checkTimestampReply(reply, { digest, nonce, tsaCertificates: options.tsaCertificates });
    },
  };
}

/** The token inside a TimeStampResp, once every check of RFC 3161 §2.4.2 passed; else "unavailable". */
export async function checkTimestampReply(
  replyDer: Uint8Array,
  expected: { digest: Uint8Array; nonce: Uint8Array; tsaCertificates: Uint8Array[] },
): Promise<Uint8Array> {
  let response: pkijs.TimeStampResp;
  try {
    response = pkijs.TimeStampResp.fromBER(toArrayBuffer(replyDer));
  } catch (error) {
    throw unavailable("réponse illisible", { reason: "unreadable" }, error);
  }
  const status = response.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods)
    throw unavailable(`l'autorité refuse (statut ${status})`, { reason: "refused", status });
  if (!response.timeStampToken) throw unavailable("réponse sans jeton", { reason: "no_token" });
  const token = new Uint8Array(response.timeStampToken.toSchema().toBER(false));
  const check = await verifyTimestampToken(token, expected.digest, expected.tsaCertificates);
  if (!check.ok) throw unavailable(check.detail, { reason: "bad_token" });
  const tstInfo = pkijs.TSTInfo.fromBER(
    new pkijs.SignedData({ schema: response.timeStampToken.content }).encapContentInfo.eContent!.getValue(),
  );
  const echoed = tstInfo.nonce ? new Uint8Array(tstInfo.nonce.valueBlock.valueHexView) : undefined;
  if (!echoed || !Buffer.from(echoed).equals(Buffer.from(expected.nonce)))
    throw unavailable("le nonce de la réponse n'est pas celui de la requête", { reason: "nonce" });
  return token;
}
