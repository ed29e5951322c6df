import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { findSessionDetail, lockSession, type SessionDetail } from "@tremplin/db/queries/planning";
import { type BulkPlanLine, planFingerprint } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { type Actor, auditActor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { assertSessionTakesEnrolments, enrolLockedLearner } from "../enrol-locked-learner";
import { planFromDatabase } from "./plan-bulk-enrolment";
import { readEnrolmentCsv } from "./read-enrolment-csv";

export type BulkPreview = {
  session: SessionDetail;
  lines: BulkPlanLine[];
  acceptedCount: number;
  /** What the confirmation must find unchanged to write (see planFingerprint). */
  fingerprint: string;
};

const sessionIdSchema = z.uuid();

async function getSession(db: Db, sessionId: unknown): Promise<SessionDetail> {
  const id = sessionIdSchema.safeParse(sessionId);
  const session = id.success ? await findSessionDetail(db, id.data) : undefined;
  if (!session) throw new AppError("not_found", "Session introuvable.");
  return session;
}

/** The session a list is imported into, for the import page. IT only. */
export async function getImportSession(
  db: Db,
  input: { actor: Actor; sessionId: unknown },
): Promise<SessionDetail> {
  assertItAdmin(input.actor);
  return getSession(db, input.sessionId);
}

/**
 * IT's CSV list of learners for a session, decided line by line; nothing is written. Every
 * line's outcome is returned (to enrol, to take off the waiting list, or why not), with the
 * fingerprint the confirmation checks.
 */
export async function previewBulkEnrolment(
  db: Db,
  input: { actor: Actor; sessionId: unknown; file: Uint8Array; now: Date },
): Promise<BulkPreview> {
  assertItAdmin(input.actor);
  const session = await getSession(db, input.sessionId);
  assertSessionTakesEnrolments(session, input.now);
  const { lines } = readEnrolmentCsv(input.file);
  const { plan } = await planFromDatabase(db, { session, lines, now: input.now });
  return {
    session,
    lines: plan.lines,
    acceptedCount: plan.accepted.length,
    fingerprint: planFingerprint(plan),
  };
}

/**
 * Writes the lines the preview accepted, all in one transaction or none: the session is locked,
 * the list planned again, and if the outcome differs from the preview's (a seat taken, a learner
 * enrolled meanwhile) nothing is written and IT is asked to look again. Each enrolment is
 * written, mailed and audited as when IT adds a learner by hand, and one more audit line records
 * the import.
 */
export async function confirmBulkEnrolment(
  db: Db,
  input: {
    actor: Actor;
    sessionId: unknown;
    file: Uint8Array;
    fingerprint: unknown;
    fileName?: string;
    now: Date;
    requestId?: string;
  },
): Promise<{ enrolled: number; promoted: number }> {
  assertItAdmin(input.actor);
  const { id: sessionId } = await getSession(db, input.sessionId);
  const { lines } = readEnrolmentCsv(input.file);
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, sessionId);
    if (!session) throw new AppError("not_found", "Session introuvable.");
    assertSessionTakesEnrolments(session, input.now);
    const { plan, people, live } = await planFromDatabase(tx, { session, lines, now: input.now });
    if (planFingerprint(plan) !== input.fingerprint) {
      throw new AppError(
        "conflict",
        "Les inscriptions de la session ont changé depuis l'aperçu : rien n'a été enregistré. Relancez l'aperçu.",
      );
    }
    if (plan.accepted.length === 0) throw new AppError("invalid_input", "Aucune ligne valide à inscrire.");
    const counts = { enrolled: 0, promoted: 0 };
    for (const { learnerId } of plan.accepted) {
      const outcome = await enrolLockedLearner(tx, {
        actor: input.actor,
        session,
        learner: people.get(learnerId)!,
        waitlistedEnrolmentId: live.get(learnerId)?.id,
        now: input.now,
        requestId: input.requestId,
        via: "csv",
      });
      counts[outcome] += 1;
    }
    await appendAudit(tx, {
      at: input.now,
      ...auditActor(input.actor),
      action: "enrolment.bulk_imported",
      entityType: "session",
      entityId: session.id,
      details: {
        fileName: input.fileName ?? null,
        lines: plan.lines.length,
        ...counts,
        refused: plan.lines.length - plan.accepted.length,
      },
      requestId: input.requestId ?? null,
    });
    return counts;
  });
}
