import "server-only";
import type { Db } from "@tremplin/db/client";
import { listLearnerCertificates } from "@tremplin/db/queries/certificates";
import { type CompletionStatus, certificateFactsSchema } from "@tremplin/domain/certification";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
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

/** One training's certification as its learner sees it: what they hold, and what to ask about. */
export type MyCertification = {
  certificates: MyCertificate[];
  /**
   * The enrolment whose rules the learner may ask about ("what is missing?"), while the training
   * has no certificate of completion in force: the latest one under way. Evaluated on demand.
   */
  pendingEnrolmentId: string | null;
};

/**
 * "Mes formations": each training's certificates (one indexed query, usually empty) and which
 * enrolment to evaluate when the learner asks what is missing. The rules themselves are read on
 * demand (`getMyCompletionStatus`), never for the whole list: "Mes formations" is the page every
 * learner opens, and its cost is measured (bench/portal-load.ts).
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
    result[trainingId] ??= { certificates: [], pendingEnrolmentId: null };
    return result[trainingId];
  };
  for (const c of held) {
    if (c.status === "superseded" || c.status === "purged") continue;
    const facts = certificateFactsSchema.safeParse(c.facts);
    entryOf(c.trainingId).certificates.push({
      code: c.code,
      kind: c.kind,
      status: c.status,
      issuedAt: c.issuedAt,
      revokedReason: c.revokedReason,
      from: facts.success ? facts.data.action.from : null,
      to: facts.success ? facts.data.action.to : null,
    });
  }
  for (const e of input.enrolments) {
    const underWay =
      (e.status === "enrolled" || e.status === "completed") &&
      (e.startsAt ? e.startsAt <= input.now : e.hasActivity);
    const completed = result[e.trainingId]?.certificates.some(
      (c) => c.kind === "completion" && c.status === "issued",
    );
    if (underWay && !completed) entryOf(e.trainingId).pendingEnrolmentId = e.id;
  }
  return result;
}

/**
 * Where one of the learner's own enrolments stands against its training's rules, rule by rule
 * with its figures. Another learner's enrolment is one that does not exist.
 */
export async function getMyCompletionStatus(
  db: Db,
  input: { learnerId: string; enrolmentId: unknown; now: Date },
): Promise<CompletionStatus> {
  const id = z.uuid().safeParse(input.enrolmentId);
  const evaluation = id.success
    ? await evaluateEnrolment(db, { enrolmentId: id.data, now: input.now })
    : undefined;
  if (!evaluation || evaluation.facts.learnerId !== input.learnerId) {
    throw new AppError("not_found", "Inscription introuvable.");
  }
  return evaluation.status;
}
