import "server-only";
import type { Db } from "@tremplin/db/client";
import { isUniqueViolation } from "@tremplin/db/errors";
import { findOverlappingEnrolment } from "@tremplin/db/queries/enrolment-overlap";
import {
  enrolIfOpen,
  findSessionForEnrolment,
  listPrerequisiteStates,
  type SessionForEnrolment,
} from "@tremplin/db/queries/learning";
import { decideSelfEnrolment, missingPrerequisiteCodes } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { sessionWhen } from "@/lib/session-when";

const sessionIdSchema = z.uuid();

/** Enrolments a learner may start per minute: stops a script, never a person. */
export const enrolmentRateLimit = { count: 10, windowMs: 60_000 };

export type Learner = { id: string; name: string };
export type EnrolResult =
  | { outcome: "enrolled"; enrolmentId: string }
  | { outcome: "waitlisted"; enrolmentId: string; position: number };
/** Tells this instance's mail worker that a job was queued, so the mail leaves now, not at its next poll. */
export type MailQueued = () => void;

/**
 * A learner enrols in a session: a seat if one is free, else the waiting list. When nothing
 * stands in the way, one statement does it all (enrolIfOpen: the session row locked while its
 * counts give a seat or a place in line, so concurrent requests for the last seat never
 * oversubscribe). When something does, the domain says what from a fresh read, in a sentence the
 * learner can act on, and nothing is written (double enrolment, past or cancelled session, rate
 * limit, prerequisites). A training with prerequisites takes that second path every time: once
 * the domain has found them met, the statement runs again without checking them.
 *
 * The confirmation e-mail is a job written by the same statement (mail_jobs): the mail worker
 * sends it once the answer has gone, and a crash in between only delays it.
 *
 * A session at the same time as one the learner already holds is refused (`conflict`, naming
 * the other) unless `acceptOverlap` says the learner saw the warning and confirmed.
 */
export async function enrolInSession(
  db: Db,
  input: {
    learner: Learner;
    sessionId: unknown;
    now: Date;
    requestId?: string;
    mailQueued?: MailQueued;
    acceptOverlap?: boolean;
  },
): Promise<EnrolResult> {
  const sessionId = sessionIdSchema.safeParse(input.sessionId);
  if (!sessionId.success) throw new AppError("not_found", "Session introuvable.");
  if (!input.acceptOverlap)
    await refuseOverlap(db, { learnerId: input.learner.id, sessionId: sessionId.data });
  const since = new Date(input.now.getTime() - enrolmentRateLimit.windowMs);
  let prerequisitesMet = false;
  for (let attempt = 1; ; attempt++) {
    const written = await enrolIfOpen(db, {
      learnerId: input.learner.id,
      learnerName: input.learner.name,
      sessionId: sessionId.data,
      now: input.now,
      rateLimit: { count: enrolmentRateLimit.count, since },
      prerequisitesMet,
      requestId: input.requestId ?? null,
    }).catch((error) => {
      // Two submits of the same learner at once: the unique index on live (learner, session) pairs.
      if (isUniqueViolation(error))
        throw new AppError("conflict", "Vous êtes déjà inscrit(e) à cette session.");
      throw error;
    });
    if (written) {
      input.mailQueued?.();
      return written.status === "enrolled"
        ? { outcome: "enrolled", enrolmentId: written.id }
        : { outcome: "waitlisted", enrolmentId: written.id, position: written.position };
    }
    await explainRefusal(db, {
      learnerId: input.learner.id,
      sessionId: sessionId.data,
      since,
      now: input.now,
    });
    // Nothing refused on a fresh read: the prerequisites are met (just checked), or what stood in
    // the way a moment ago has gone. A handful of rounds is already a storm.
    prerequisitesMet = true;
    if (attempt >= 3)
      throw new AppError("unavailable", "Cette session change en ce moment : réessayez dans un instant.");
  }
}

/** Throws when the learner already holds a session at the same time, naming it. */
async function refuseOverlap(db: Db, input: { learnerId: string; sessionId: string }): Promise<void> {
  const clash = await findOverlappingEnrolment(db, input);
  if (!clash) return;
  const when = sessionWhen("fr-FR", clash.startsAt, clash.endsAt, clash.timezone);
  throw new AppError(
    "conflict",
    `Cette session a lieu en même temps que « ${clash.trainingTitle} » (${when}), où vous êtes déjà inscrit(e). Confirmez pour vous inscrire quand même.`,
    { details: { overlapSessionId: clash.sessionId } },
  );
}

/** Throws the reason a learner may not enrol in a session now, as the domain words it. */
async function explainRefusal(
  db: Db,
  input: { learnerId: string; sessionId: string; since: Date; now: Date },
): Promise<void> {
  const session = await findSessionForEnrolment(db, input.sessionId, {
    id: input.learnerId,
    since: input.since,
  });
  if (!session) throw new AppError("not_found", "Session introuvable.");
  if ((session.recentEnrolments ?? 0) >= enrolmentRateLimit.count) {
    throw new AppError("rate_limited", "Trop d'inscriptions en peu de temps : réessayez dans une minute.");
  }
  decideSelfEnrolment({
    session,
    existingStatus: session.learnerStatus ?? undefined,
    missingPrerequisites: await missingPrerequisites(db, input.learnerId, session),
    now: input.now,
  });
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
