import "server-only";
import type { Db } from "@tremplin/db/client";
import { isUniqueViolation } from "@tremplin/db/errors";
import {
  findSessionForEnrolment,
  insertSessionEnrolment,
  listPrerequisiteStates,
  lockSessionSeats,
  type SessionForEnrolment,
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
/** Runs work after the answer has gone (Next's `after`); by default, before returning. */
export type Defer = (task: () => Promise<void>) => void;

/**
 * A learner enrols in a session: a seat if one is free, else the waiting list. The session row
 * is locked for the decision and the insert, so concurrent requests for the last seat take turns
 * and never oversubscribe; a refusal (double enrolment, past session, prerequisites) writes
 * nothing. Four round trips on the way: context, lock, counts, insert (with its audit line).
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
    defer?: Defer;
  },
): Promise<EnrolResult> {
  const sessionId = z.uuid().safeParse(input.sessionId);
  if (!sessionId.success) throw new AppError("not_found", "Session introuvable.");
  const since = new Date(input.now.getTime() - enrolmentRateLimit.windowMs);
  const session = await findSessionForEnrolment(db, sessionId.data, { id: input.learner.id, since });
  if (!session) throw new AppError("not_found", "Session introuvable.");
  if ((session.recentEnrolments ?? 0) >= enrolmentRateLimit.count) {
    throw new AppError("rate_limited", "Trop d'inscriptions en peu de temps : réessayez dans une minute.");
  }
  const missing = await missingPrerequisites(db, input.learner.id, session);
  const result = await withDatabase(async () => {
    try {
      return await db.transaction(async (tx) => {
        const locked = await lockSessionSeats(tx, session.id, input.learner.id);
        if (!locked) throw new AppError("not_found", "Session introuvable.");
        const decision = decideSelfEnrolment({
          session: locked,
          existingStatus: locked.learnerStatus,
          missingPrerequisites: missing,
          now: input.now,
        });
        const enrolmentId = await insertSessionEnrolment(tx, {
          learnerId: input.learner.id,
          learnerName: input.learner.name,
          trainingId: session.trainingId,
          sessionId: session.id,
          status: decision.kind === "enrol" ? "enrolled" : "waitlisted",
          now: input.now,
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
  const contact = { displayName: session.learnerName ?? input.learner.name, email: session.learnerEmail };
  const mail =
    result.outcome === "enrolled"
      ? enrolledMail(contact, session, input.baseUrl)
      : waitlistedMail(contact, session, result.position, input.baseUrl);
  const send = () => sendAfterCommit(input.mailer, mail ? [mail] : []);
  if (input.defer) input.defer(send);
  else await send();
  return result;
}

async function missingPrerequisites(db: Db, learnerId: string, session: SessionForEnrolment) {
  if (session.prerequisiteCodes.length === 0) return [];
  const states = await listPrerequisiteStates(db, {
    learnerId,
    organisationId: session.organisationId,
    codes: session.prerequisiteCodes,
  });
  return missingPrerequisiteCodes(
    session.prerequisiteCodes,
    states.filter((s) => s.isDone).map((s) => s.code),
  ).map((code) => ({
    code,
    title: states.find((s) => s.code.toUpperCase() === code.toUpperCase())?.title ?? null,
  }));
}
