import "server-only";
import type { Db } from "@tremplin/db/client";
import { AppError } from "@tremplin/domain/errors";
import { requireUser } from "@/server/auth/guards";
import type { SessionUser } from "@/server/auth/options";
import { json, readBody, readJson, route } from "@/server/http";
import { getCertificateFor } from "./certificate-access";
import { getCertificateCredential, getStatusListCredential } from "./get-credential";
import type { IssuanceDeps } from "./issue-due-certificates";
import { getMyCompletionStatus } from "./list-my-certification";
import { type CredentialSigner, issuerProfile } from "./open-badge";
import { reissueCertificate } from "./reissue-certificate";
import { revokeCertificate } from "./revoke-certificate";
import type { PdfVerdict } from "./verify-uploaded-pdf";

export type CertificateRouteDeps = {
  getDb: () => Promise<Db>;
  getUser: () => Promise<SessionUser | undefined>;
  getIssuance: () => Promise<IssuanceDeps>;
  checkPdf: (db: Db, pdf: Uint8Array) => Promise<PdfVerdict>;
  trustBundle: () => Promise<unknown>;
  /** Signs the Open Badges credentials and the status list; names the issuer in them. */
  credentials: () => Promise<{ signer: CredentialSigner; baseUrl: string; issuerName: string }>;
  now?: () => Date;
};
type Params<T> = { params: Promise<T> };

/** A certificate is a few hundred KiB; anything past this is not one of ours. */
export const maxPdfBytes = 10 * 1024 * 1024;

const fileNames = { completion: "certificat-de-realisation", attendance: "attestation-d-assiduite" } as const;

/**
 * The certificates' HTTP API: downloads for those who may, revocation and reissue for the
 * session's trainer and IT, and the two public calls an auditor needs (a PDF checked whole,
 * the trust bundle for offline checks).
 */
export function certificateRoutes(deps: CertificateRouteDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    download: route("certificates.download", async (_request, _ctx, context: Params<{ code: string }>) => {
      const user = await requireUser(deps.getUser);
      const { code } = await context.params;
      const { certificate } = await getCertificateFor(await deps.getDb(), user, code);
      const pdf = certificate.blobKey
        ? await (await deps.getIssuance()).store.get(certificate.blobKey)
        : undefined;
      if (!pdf)
        throw new AppError("not_found", "Ce document n'est plus conservé (durée de conservation échue).");
      return new Response(Buffer.from(pdf), {
        headers: {
          "content-type": "application/pdf",
          "content-disposition": `attachment; filename="${fileNames[certificate.kind]}-${certificate.code}.pdf"`,
          "cache-control": "private, no-store",
          "x-content-type-options": "nosniff",
        },
      });
    }),

    /** The learner asks what is still missing for a certificate of completion: their own enrolment only. */
    myCompletion: route(
      "certificates.my_completion",
      async (_request, _ctx, context: Params<{ id: string }>) => {
        const user = await requireUser(deps.getUser, "learner");
        const { id } = await context.params;
        const status = await getMyCompletionStatus(await deps.getDb(), {
          learnerId: user.id,
          enrolmentId: id,
          now: now(),
        });
        return json(200, status, { "cache-control": "private, no-store" });
      },
    ),

    revoke: route("certificates.revoke", async (request, ctx, context: Params<{ code: string }>) => {
      const user = await requireUser(deps.getUser, "trainer", "it_admin");
      const { code } = await context.params;
      const body = await readJson(request, 4_096);
      const issuance = await deps.getIssuance();
      const result = await revokeCertificate(await deps.getDb(), issuance, {
        actor: user,
        code,
        body,
        now: now(),
        requestId: ctx.requestId,
      });
      return json(200, result);
    }),

    reissue: route("certificates.reissue", async (request, ctx, context: Params<{ code: string }>) => {
      const user = await requireUser(deps.getUser, "trainer", "it_admin");
      const { code } = await context.params;
      const body = await readJson(request, 4_096);
      const result = await reissueCertificate(await deps.getDb(), await deps.getIssuance(), {
        actor: user,
        code,
        body,
        now: now(),
        requestId: ctx.requestId,
      });
      return json(201, result);
    }),

    /** Public: anyone may check a PDF; nothing of it is kept. */
    verifyPdf: route("certificates.verify_pdf", async (request) => {
      const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (type !== "application/pdf" && type !== "application/octet-stream") {
        throw new AppError("invalid_input", "Envoyez le fichier PDF lui-même (application/pdf).");
      }
      const pdf = await readBody(request, maxPdfBytes);
      if (pdf.length === 0) throw new AppError("invalid_input", "Le fichier est vide.");
      return json(200, await deps.checkPdf(await deps.getDb(), new Uint8Array(pdf)), {
        "cache-control": "no-store",
      });
    }),

    /** The certificate as an Open Badges 3.0 credential (VC-JWT), for a wallet. */
    credential: route(
      "certificates.credential",
      async (_request, _ctx, context: Params<{ code: string }>) => {
        const user = await requireUser(deps.getUser);
        const { code } = await context.params;
        const { jwt } = await getCertificateCredential(await deps.getDb(), await deps.credentials(), {
          actor: user,
          code,
        });
        return new Response(jwt, {
          headers: {
            "content-type": "application/vc+jwt",
            "content-disposition": `attachment; filename="open-badge-${code}.jwt"`,
            "cache-control": "private, no-store",
          },
        });
      },
    ),

    /** Public: the Bitstring Status List every credential points to. */
    statusList: route("certificates.status_list", async () => {
      const jwt = await getStatusListCredential(await deps.getDb(), await deps.credentials(), now());
      return new Response(jwt, {
        headers: { "content-type": "application/vc+jwt", "cache-control": "public, max-age=300" },
      });
    }),

    /** Public: the issuer's Open Badges profile, with the key its credentials are signed with. */
    issuerProfile: route("certificates.issuer_profile", async () => {
      const { signer, baseUrl, issuerName } = await deps.credentials();
      return json(200, await issuerProfile({ signer, baseUrl, issuerName }), {
        "cache-control": "public, max-age=3600",
      });
    }),

    /** Public: the keys `tremplin-verify` trusts offline (CA, TSA, vault log). */
    trustBundle: route("certificates.trust_bundle", async () =>
      json(200, await deps.trustBundle(), { "cache-control": "public, max-age=3600" }),
    ),
  };
}
