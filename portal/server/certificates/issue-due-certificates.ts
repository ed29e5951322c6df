import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import {
  type CertificateRow,
  endCertificate,
  insertCertificate,
  listLearnerCertificates,
  setCertificateLeafIndex,
} from "@tremplin/db/queries/certificates";
import { localDate } from "@tremplin/domain/calendar";
import {
  type CertificateFacts,
  type CertificateKind,
  formatCertificateCode,
  retentionEndDate,
} from "@tremplin/domain/certification";
import { AppError } from "@tremplin/domain/errors";
import { type Actor, auditActor } from "@/server/audit/actor";
import type { VaultEntryInput } from "@/server/vault/entry";
import type { CertificateStore } from "./certificate-store";
import { type EnrolmentEvaluation, evaluateEnrolment } from "./evaluate-enrolment";

/** A signed, time-stamped document: what the signing module makes of the facts. */
export type SignedDocument = { pdf: Uint8Array; timestampToken: Uint8Array };

export type IssuanceDeps = {
  /** Renders, signs and time-stamps; throws when the time-stamp authority cannot be reached. */
  makeDocument: (facts: CertificateFacts) => Promise<SignedDocument>;
  /** Appends to the evidence vault inside the caller's transaction. */
  appendToVault: (tx: Db, entry: VaultEntryInput) => Promise<{ leafIndex: number }>;
  store: CertificateStore;
};

/**
 * Evaluates an enrolment and issues each certificate now due that it does not hold yet: the
 * document is made (rules → PDF → signature → time-stamp) and written before anything is
 * recorded, then the certificate row and its vault entry are written in one transaction. A
 * time-stamp authority down throws before any write: nothing half-issued, the job retries.
 */
export async function issueDueCertificates(
  db: Db,
  deps: IssuanceDeps,
  input: { enrolmentId: string; now: Date },
): Promise<CertificateRow[]> {
  const evaluation = await evaluateEnrolment(db, input);
  if (!evaluation || !["enrolled", "completed"].includes(evaluation.facts.enrolmentStatus)) return [];
  // Any certificate held stops the automatic path, a revoked one too: what follows a revocation
  // or a correction is IT's or the trainer's decision (reissue), never the next event's.
  const held = (await listLearnerCertificates(db, evaluation.facts.learnerId)).filter(
    (c) => c.trainingId === evaluation.facts.trainingId,
  );
  const due: CertificateKind[] = [];
  // The certificate of completion is the training's, once per learner whatever the session;
  // the certificate of attendance is each session's.
  if (evaluation.status.isComplete && !held.some((c) => c.kind === "completion")) due.push("completion");
  if (
    evaluation.status.isAttendanceCertificateDue &&
    !held.some((c) => c.kind === "attendance" && c.enrolmentId === input.enrolmentId)
  ) {
    due.push("attendance");
  }
  const issued: CertificateRow[] = [];
  for (const kind of due) issued.push(await issueOne(db, deps, { evaluation, kind, now: input.now }));
  return issued;
}

/** A reissue: the certificate in force that the new one replaces, and why. */
export type Supersession = { certificate: CertificateRow; reason: string; actor: Actor; requestId?: string };

/**
 * Makes, keeps and records one certificate. With `supersedes`, the old one is marked superseded
 * in the same transaction and the vault says "reissued", naming it.
 */
export async function issueOne(
  db: Db,
  deps: IssuanceDeps,
  input: { evaluation: EnrolmentEvaluation; kind: CertificateKind; now: Date; supersedes?: Supersession },
): Promise<CertificateRow> {
  const { facts: source, timeZone } = input.evaluation;
  const old = input.supersedes;
  const code = formatCertificateCode(randomBytes(7));
  const facts = certificateFacts(input.evaluation, { kind: input.kind, code, now: input.now });
  const document = await deps.makeDocument(facts);
  const pdfSha256 = createHash("sha256").update(document.pdf).digest("hex");
  const blobKey = await deps.store.put(code, document.pdf);
  const actionEnd = source.endsAt ? localDate(source.endsAt, timeZone) : facts.signedAt.date;
  const id = randomUUID();
  return db.transaction(async (tx) => {
    // The old one first: one certificate of each kind in force per enrolment (a unique index).
    if (old) {
      const ended = await endCertificate(tx, {
        id: old.certificate.id,
        status: "superseded",
        at: input.now,
        reason: old.reason,
        by: old.actor.id,
        supersededBy: id,
      });
      if (!ended) {
        throw new AppError(
          "conflict",
          "Ce certificat n'est plus en vigueur : il a déjà été remplacé ou révoqué.",
        );
      }
    }
    const row = await insertCertificate(tx, {
      id,
      enrolmentId: source.enrolmentId,
      learnerId: source.learnerId,
      trainingId: source.trainingId,
      sessionId: source.sessionId,
      code,
      kind: input.kind,
      status: "issued",
      issuedAt: input.now,
      facts,
      pdfSha256,
      blobKey,
      timestampToken: document.timestampToken,
      retainUntil: retentionEndDate(actionEnd, source.retentionYears),
    });
    const { leafIndex } = await deps.appendToVault(tx, {
      kind: old ? "reissued" : "issued",
      code,
      certificateSha256: pdfSha256,
      trainingId: source.trainingId,
      trainingTitle: source.trainingTitle,
      learnerId: source.learnerId,
      at: input.now,
      timestampToken: document.timestampToken,
      reason: old?.reason,
      refersTo: old?.certificate.code,
    });
    await setCertificateLeafIndex(tx, row.id, leafIndex);
    if (old) {
      await appendAudit(tx, {
        at: input.now,
        ...auditActor(old.actor),
        action: "certificate.reissued",
        entityType: "certificate",
        entityId: id,
        details: { code, supersedes: old.certificate.code, reason: old.reason },
        requestId: old.requestId ?? null,
      });
    }
    return { ...row, vaultLeafIndex: leafIndex };
  });
}

function certificateFacts(
  evaluation: EnrolmentEvaluation,
  input: { kind: CertificateKind; code: string; now: Date },
): CertificateFacts {
  const { facts: f, timeZone, attendance } = evaluation;
  const today = localDate(input.now, timeZone);
  const isRemote = f.sessionId === null || f.roomName === null;
  return {
    kind: input.kind,
    code: input.code,
    issuedAt: input.now.toISOString(),
    issuer: {
      name: f.organisation.legalName ?? f.organisation.name,
      activityNumber: f.organisation.activityNumber,
      siret: f.organisation.siret,
      address: f.organisation.address,
      signatoryName: f.organisation.signatoryName,
      signatoryRole: f.organisation.signatoryRole,
    },
    learner: { name: f.learnerName },
    action: {
      title: f.trainingTitle,
      code: f.trainingCode,
      nature: f.actionNature,
      objectives: f.objectives,
      from: f.startsAt ? localDate(f.startsAt, timeZone) : today,
      to: f.endsAt ? localDate(f.endsAt, timeZone) : today,
      place: isRemote ? null : `${f.roomName}, ${f.siteName}`,
      isRemote,
      plannedMinutes: Math.round((attendance?.plannedMs ?? f.durationHours * 3_600_000) / 60_000),
      // Self-paced: the time spent in the modules is the time carried out.
      attendedMinutes: Math.round(
        attendance
          ? attendance.attendedMs / 60_000
          : f.modules.reduce((sum, m) => sum + (m.activeSeconds ?? 0), 0) / 60,
      ),
    },
    signedAt: { city: f.siteCity, date: today },
  };
}
