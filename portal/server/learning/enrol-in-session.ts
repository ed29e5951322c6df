import "server-only";
import type { Db } from "@tremplin/db/client";
import { isUniqueViolation } from "@tremplin/db/errors";
import { appendAudit } from "@tremplin/db/queries/audit";
import {
  countEnrolmentsSince,
  findLearnerContact,
  findLiveSessionEnrolment,
  findSessionForEnrolment,
  insertSessionEnrolment,
  listPrerequisiteStates,
  lockSessionSeats,
} from "@tremplin/db/queries/learning";
import { decideSelfEnrolment, missingPrerequisiteCodes } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { type Mailer, sendAfterCommit } from "@/server/mail/mailer";
import { withDatabase } from "@/server/planning/database-errors";
import { enrolledMail, waitlistedMail } from "./enrolment-mails";

/** Enrolments a learner may start per minute: stops a script, never a person. */
export const enrolmentRateLimit = { count: 10, windowMs: 60_000 };

export type Learner = { id: string; name: string };
export type EnrolResult =
  | { outcome: "enrolled"; enrolmentId: string }
  | { outcome: "waitlisted"; enrolmentId: string; position: number };

/**
 * A learner enrols in a session: a seat if one is free, else the waiting list. The session row
 * is locked for the decision and the insert, so concurrent requests for the last seat take turns
 * and never oversubscribe; a refusal (double enrolment, past session, prerequisites) writes nothing.
 */
export async function enrolInSession(
  db: Db,
  input: {
    learner: Learner;
    sessionId: unknown;
    now: Date;
    mailer: Mailer;
    baseUrl: string;
    requestId?: string;
  },
): Promise<EnrolResult> {
  const sessionId = z.uuid().safeParse(input.sessionId);
  if (!sessionId.success) throw new AppError("not_found", "Session introuvable.");
  const session = await findSessionForEnrolment(db, sessionId.data);
  if (!session) throw new AppError("not_found", "Session introuvable.");
  const since = new Date(input.now.getTime() - enrolmentRateLimit.windowMs);
  if ((await countEnrolmentsSince(db, input.learner.id, since)) >= enrolmentRateLimit.count) {
    throw new AppError("rate_limited", "Trop d'inscriptions en peu de temps : réessayez dans une minute.");
  }
  const states = await listPrerequisiteStates(db, {
    learnerId: input.learner.id,
    organisationId: session.organisationId,
    codes: session.prerequisiteCodes,
  });
  const missing = missingPrerequisiteCodes(
    session.prerequisiteCodes,
    states.filter((s) => s.isDone).map((s) => s.code),
  ).map((code) => ({
    code,
    title: states.find((s) => s.code.toUpperCase() === code.toUpperCase())?.title ?? null,
  }));

  const result = await withDatabase(async () => {
    try {
      return await db.transaction(async (tx) => {
        const locked = await lockSessionSeats(tx, session.id);
        if (!locked) throw new AppError("not_found", "Session introuvable.");
        const existing = await findLiveSessionEnrolment(tx, input.learner.id, session.id);
        const decision = decideSelfEnrolment({
          session: locked,
          existingStatus: existing?.status,
          missingPrerequisites: missing,
          now: input.now,
        });
        const status = decision.kind === "enrol" ? "enrolled" : "waitlisted";
        const enrolmentId = await insertSessionEnrolment(tx, {
          learnerId: input.learner.id,
          trainingId: session.trainingId,
          sessionId: session.id,
          status,
          now: input.now,
        });
        await appendAudit(tx, {
          at: input.now,
          actorId: input.learner.id,
          actorLabel: input.learner.name,
          action: status === "enrolled" ? "enrolment.created" : "enrolment.waitlisted",
          entityType: "session",
          entityId: session.id,
          details: { learnerId: input.learner.id, by: "learner" },
          requestId: input.requestId ?? null,
        });
        return decision.kind === "enrol"
          ? ({ outcome: "enrolled", enrolmentId } as const)
          : ({ outcome: "waitlisted", enrolmentId, position: decision.position } as const);
      });
    } catch (error) {
      // Belt and braces: the unique index on live (learner, session) pairs.
      if (isUniqueViolation(error))
        throw new AppError("conflict", "Vous êtes déjà inscrit(e) à cette session.");
      throw error;
    }
  });

  const contact = await findLearnerContact(db, input.learner.id);
  if (contact) {
    const mailSession = { ...session, place: session.place };
    const mail =
      result.outcome === "enrolled"
        ? enrolledMail(contact, mailSession, input.baseUrl)
        : waitlistedMail(contact, mailSession, result.position, input.baseUrl);
    await sendAfterCommit(input.mailer, mail ? [mail] : []);
  }
  return result;
}
