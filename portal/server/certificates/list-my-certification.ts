import "server-only";
import type { Db } from "@tremplin/db/client";
import { listLearnerCertificates } from "@tremplin/db/queries/certificates";
import { certificateFactsSchema, type RuleOutcome } from "@tremplin/domain/certification";
import { evaluateEnrolment } from "./evaluate-enrolment";

export type MyCertificate = {
  code: string;
  kind: "completion" | "attendance";
  status: "issued" | "revoked" | "superseded" | "purged";
  issuedAt: Date;
  revokedReason: string | null;
  /** The action's first and last day (`YYYY-MM-DD`), as the document states them. */
  from: string | null;
  to: string | null;
};

/** One training's certification as its learner sees it: what they hold, and what is missing. */
export type MyCertification = {
  certificates: MyCertificate[];
  /** The rules not met yet, each with its figures; empty when complete; null when not evaluated. */
  missing: RuleOutcome[] | null;
};

/**
 * "Mes formations": each training's certificates and, until the *certificat de réalisation* is
 * issued, the rules still missing and by how much. One query for the certificates; the rules are
 * evaluated only for enrolments under way (session started, or self-paced work begun) that hold
 * no certificate of completion yet: usually none or one per learner.
 */
export async function listMyCertification(
  db: Db,
  input: {
    learnerId: string;
    enrolments: {
      id: string;
      trainingId: string;
      status: string;
      startsAt: Date | null;
      hasActivity: boolean;
    }[];
    now: Date;
  },
): Promise<Record<string, MyCertification>> {
  const held = await listLearnerCertificates(db, input.learnerId);
  const result: Record<string, MyCertification> = {};
  const entryOf = (trainingId: string) => {
    result[trainingId] ??= { certificates: [], missing: null };
    return result[trainingId];
  };
  for (const c of held) {
    const entry = entryOf(c.trainingId);
    if (c.status === "superseded" || c.status === "purged") continue;
    const facts = certificateFactsSchema.safeParse(c.facts);
    entry.certificates.push({
      code: c.code,
      kind: c.kind,
      status: c.status,
      issuedAt: c.issuedAt,
      revokedReason: c.revokedReason,
      from: facts.success ? facts.data.action.from : null,
      to: facts.success ? facts.data.action.to : null,
    });
  }
  const underWay = input.enrolments.filter(
    (e) =>
      (e.status === "enrolled" || e.status === "completed") &&
      (e.startsAt ? e.startsAt <= input.now : e.hasActivity) &&
      !result[e.trainingId]?.certificates.some((c) => c.kind === "completion" && c.status === "issued"),
  );
  for (const e of underWay) {
    const evaluation = await evaluateEnrolment(db, { enrolmentId: e.id, now: input.now });
    if (!evaluation) continue;
    entryOf(e.trainingId).missing = evaluation.status.outcomes.filter((o) => !o.isMet);
  }
  return result;
}
