import { AppError } from "../errors";

export type SessionFacts = {
  startsAt: Date;
  endsAt: Date;
  cancelledAt: Date | null;
  capacity: number;
  /** Enrolled or completed: the seats held. */
  seatsTaken: number;
  /** Learners already waiting for a seat. */
  waiting: number;
};

export type MissingPrerequisite = { code: string; title: string | null };

export type EnrolmentDecision = { kind: "enrol" } | { kind: "waitlist"; position: number };

/**
 * Whether a learner may take a seat in a session now, join its waiting list, or neither.
 * Refusals throw `AppError` with a sentence the learner can act on; the caller writes nothing.
 */
export function decideSelfEnrolment(input: {
  session: SessionFacts;
  existingStatus: "enrolled" | "waitlisted" | "completed" | undefined;
  missingPrerequisites: MissingPrerequisite[];
  now: Date;
}): EnrolmentDecision {
  const { session, now } = input;
  if (session.cancelledAt) {
    throw new AppError("conflict", "Cette session a été annulée : choisissez une autre date.");
  }
  if (session.endsAt.getTime() <= now.getTime()) {
    throw new AppError("conflict", "Cette session est terminée : choisissez une session à venir.");
  }
  if (session.startsAt.getTime() <= now.getTime()) {
    throw new AppError(
      "conflict",
      "Cette session a déjà commencé : les inscriptions sont closes. Choisissez une session à venir.",
    );
  }
  if (input.existingStatus === "waitlisted") {
    throw new AppError(
      "conflict",
      "Vous êtes déjà sur la liste d'attente de cette session : vous serez prévenu(e) par e-mail si une place se libère.",
    );
  }
  if (input.existingStatus) {
    throw new AppError("conflict", "Vous êtes déjà inscrit(e) à cette session.");
  }
  if (input.missingPrerequisites.length > 0) {
    throw new AppError("conflict", describePrerequisites(input.missingPrerequisites), {
      details: { missing: input.missingPrerequisites.map((p) => p.code) },
    });
  }
  if (session.seatsTaken >= session.capacity) return { kind: "waitlist", position: session.waiting + 1 };
  return { kind: "enrol" };
}

export function describePrerequisites(missing: MissingPrerequisite[]): string {
  const names = missing.map((p) => (p.title ? `« ${p.title} » (${p.code})` : p.code));
  return missing.length === 1
    ? `Prérequis non rempli : terminez d'abord la formation ${names[0]}.`
    : `Prérequis non remplis : terminez d'abord les formations ${names.join(", ")}.`;
}

/** The training codes required and not yet satisfied, in the order the training lists them. */
export function missingPrerequisiteCodes(required: string[], satisfied: Iterable<string>): string[] {
  const done = new Set([...satisfied].map((c) => c.toUpperCase()));
  return required.filter((code) => !done.has(code.toUpperCase()));
}

/**
 * A learner may cancel until the session starts; afterwards the trainer handles absences.
 * A self-paced enrolment (no session) can be cancelled at any time.
 */
export function assertCancellable(input: CancellationFacts): void {
  const refusal = cancellationRefusal(input);
  if (refusal) throw new AppError("conflict", refusal);
}

type CancellationFacts = {
  status: "enrolled" | "waitlisted" | "completed" | "cancelled";
  sessionStartsAt: Date | null;
  now: Date;
};

/** Why the learner may not cancel this enrolment any more, or null if they may. */
export function cancellationRefusal(input: CancellationFacts): string | null {
  if (input.status === "cancelled") return "Cette inscription est déjà annulée.";
  if (input.status === "completed")
    return "Cette formation est terminée : l'inscription ne peut plus être annulée.";
  if (input.sessionStartsAt && input.sessionStartsAt.getTime() <= input.now.getTime())
    return "La session a commencé : l'inscription ne peut plus être annulée en ligne. Prévenez votre formateur.";
  return null;
}
