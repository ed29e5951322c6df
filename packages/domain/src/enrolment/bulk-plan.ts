/**
 * IT's CSV list of learners to enrol in one session, decided line by line before anything is
 * written: the preview shows every line's outcome, and the confirmation writes exactly the lines
 * the plan accepts (all of them in one transaction, or none).
 */

/** One line of the list: its number in the file (the header is line 1) and who it names. */
export type BulkLine = { line: number; identifier: string } | { line: number; malformed: string };

/** A person the identifiers matched: by login or e-mail, lower case. */
export type KnownPerson = { id: string; displayName: string; isActiveLearner: boolean };

export type BulkSessionFacts = {
  capacity: number;
  /** Seats held now (enrolled or completed). */
  seatsTaken: number;
  isCancelled: boolean;
  hasEnded: boolean;
};

export type BulkOutcome =
  | { kind: "enrol"; learnerId: string; learnerName: string }
  | { kind: "promote"; learnerId: string; learnerName: string }
  | { kind: "malformed"; detail: string }
  | { kind: "unknown" }
  | { kind: "not_learner"; learnerName: string }
  | { kind: "duplicate"; firstLine: number; learnerName: string }
  | { kind: "already_enrolled"; learnerName: string }
  | { kind: "full"; learnerName: string };

export type BulkPlanLine = { line: number; identifier: string; outcome: BulkOutcome };

export type BulkPlan = {
  lines: BulkPlanLine[];
  /** The learners the confirmation writes, in file order: enrolled, or given a seat from the waiting list. */
  accepted: { learnerId: string; isPromotion: boolean }[];
  /** Why nothing at all can be written, whatever the lines say. */
  sessionRefusal: "cancelled" | "ended" | undefined;
};

/**
 * Decides each line: malformed, unknown person, not an active learner, a repeat of an earlier
 * line, already holding a seat, or beyond the capacity (lines are served in file order, as IT
 * wrote them). A learner on the waiting list is given the seat, as when IT adds them by hand.
 */
export function planBulkEnrolment(input: {
  lines: readonly BulkLine[];
  /** Keyed by lower-case login and by lower-case e-mail. */
  people: ReadonlyMap<string, KnownPerson>;
  /** The status of each live (not cancelled) enrolment in the session, by learner id. */
  liveStatus: ReadonlyMap<string, string>;
  session: BulkSessionFacts;
}): BulkPlan {
  const { session } = input;
  const sessionRefusal = session.isCancelled ? "cancelled" : session.hasEnded ? "ended" : undefined;
  let seats = session.seatsTaken;
  const firstLineOf = new Map<string, number>();
  const accepted: BulkPlan["accepted"] = [];
  const lines = input.lines.map((entry): BulkPlanLine => {
    if ("malformed" in entry)
      return { line: entry.line, identifier: "", outcome: { kind: "malformed", detail: entry.malformed } };
    const identifier = entry.identifier;
    const outcome = decideLine(identifier.toLowerCase());
    return { line: entry.line, identifier, outcome };

    function decideLine(key: string): BulkOutcome {
      const person = input.people.get(key);
      if (!person) return { kind: "unknown" };
      const learnerName = person.displayName;
      if (!person.isActiveLearner) return { kind: "not_learner", learnerName };
      const firstLine = firstLineOf.get(person.id);
      if (firstLine !== undefined) return { kind: "duplicate", firstLine, learnerName };
      firstLineOf.set(person.id, entry.line);
      const status = input.liveStatus.get(person.id);
      if (status !== undefined && status !== "waitlisted") return { kind: "already_enrolled", learnerName };
      if (seats >= session.capacity) return { kind: "full", learnerName };
      seats += 1;
      const isPromotion = status === "waitlisted";
      accepted.push({ learnerId: person.id, isPromotion });
      return { kind: isPromotion ? "promote" : "enrol", learnerId: person.id, learnerName };
    }
  });
  return { lines, accepted: sessionRefusal ? [] : accepted, sessionRefusal };
}

/**
 * A fingerprint of what a confirmation will write: the preview shows it, the confirmation
 * recomputes it under the session's lock and writes nothing if it changed meanwhile (a seat
 * taken, a learner enrolled by someone else).
 */
export function planFingerprint(plan: BulkPlan): string {
  return plan.accepted.map((a) => `${a.isPromotion ? "p" : "e"}:${a.learnerId}`).join(",");
}
