import "server-only";
import type { Db } from "@tremplin/db/client";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";
import { getManageableCertificate } from "./certificate-access";
import { evaluateEnrolment } from "./evaluate-enrolment";
import { type IssuanceDeps, issueOne } from "./issue-due-certificates";
import { reasonSchema } from "./revoke-certificate";

/**
 * After a correction (a name, an attendance figure), issues a new certificate from the current
 * data: a new code, a new vault entry saying "reissued" and naming the old one, which is marked
 * superseded in the same transaction. Refused when the rules are no longer met: revoke instead.
 */
export async function reissueCertificate(
  db: Db,
  deps: IssuanceDeps,
  input: { actor: Actor; code: unknown; body: unknown; now: Date; requestId?: string },
) {
  const { reason } = parseOrThrow(reasonSchema, input.body, "Réémission");
  const old = await getManageableCertificate(db, input.actor, input.code);
  if (old.status !== "issued") {
    throw new AppError(
      "conflict",
      "Ce certificat n'est plus en vigueur : il a déjà été remplacé ou révoqué.",
    );
  }
  const evaluation = await evaluateEnrolment(db, { enrolmentId: old.enrolmentId, now: input.now });
  const stillDue =
    old.kind === "completion" ? evaluation?.status.isComplete : evaluation?.status.isAttendanceCertificateDue;
  if (!evaluation || !stillDue) {
    throw new AppError(
      "conflict",
      "Les règles de la formation ne sont plus remplies avec les données corrigées : révoquez ce certificat plutôt que de le réémettre.",
    );
  }
  const issued = await issueOne(db, deps, {
    evaluation,
    kind: old.kind,
    now: input.now,
    supersedes: { certificate: old, reason, actor: input.actor, requestId: input.requestId },
  });
  return { code: issued.code, supersedes: old.code };
}
