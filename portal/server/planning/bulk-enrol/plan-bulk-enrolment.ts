import "server-only";
import type { Db } from "@tremplin/db/client";
import { type BulkLine, type BulkPlan, planBulkEnrolment } from "@tremplin/domain/enrolment";
import type { LockedSession } from "../enrol-locked-learner";
import { findLiveEnrolments, findPeopleByIdentifiers } from "./bulk-queries";

export type BulkContext = {
  plan: BulkPlan;
  people: Map<string, { id: string; displayName: string; username: string }>;
  live: Map<string, { id: string; status: string }>;
};

/** Reads what the list's lines need (people, their enrolments in the session) and plans them. */
export async function planFromDatabase(
  db: Db,
  input: { session: LockedSession; lines: BulkLine[]; now: Date },
): Promise<BulkContext> {
  const identifiers = input.lines.flatMap((l) => ("identifier" in l ? [l.identifier] : []));
  const found = await findPeopleByIdentifiers(db, identifiers);
  const ids = [...new Set([...found.values()].map((p) => p.id))];
  const live = await findLiveEnrolments(db, input.session.id, ids);
  const plan = planBulkEnrolment({
    lines: input.lines,
    people: found,
    liveStatus: new Map([...live].map(([learnerId, e]) => [learnerId, e.status])),
    session: {
      capacity: input.session.capacity,
      seatsTaken: input.session.enrolled,
      isCancelled: input.session.cancelledAt !== null,
      hasEnded: input.session.endsAt <= input.now,
    },
  });
  const people = new Map([...found.values()].map((p) => [p.id, p]));
  return { plan, people, live };
}
