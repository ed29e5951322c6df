import "server-only";
import type { Db } from "@tremplin/db/client";
import { enrolments, users } from "@tremplin/db/schema";
import type { KnownPerson } from "@tremplin/domain/enrolment";
import { and, eq, inArray, ne, or, sql } from "drizzle-orm";

/** The people a list names, keyed by lower-case login and e-mail (one query for the whole list). */
export async function findPeopleByIdentifiers(
  db: Db,
  identifiers: string[],
): Promise<Map<string, KnownPerson & { username: string }>> {
  const keys = [...new Set(identifiers.map((i) => i.toLowerCase()))];
  const found = new Map<string, KnownPerson & { username: string }>();
  if (keys.length === 0) return found;
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      username: users.username,
      email: users.email,
      isActiveLearner: sql<boolean>`${users.disabledAt} is null and 'learner' = any(${users.roles})`,
    })
    .from(users)
    .where(or(inArray(users.username, keys), inArray(sql`lower(${users.email})`, keys)));
  for (const { email, ...person } of rows) {
    found.set(person.username, person);
    if (email) found.set(email.toLowerCase(), person);
  }
  return found;
}

/** Live (not cancelled) enrolments of a session among these learners: status and id by learner. */
export async function findLiveEnrolments(db: Db, sessionId: string, learnerIds: string[]) {
  const live = new Map<string, { id: string; status: string }>();
  if (learnerIds.length === 0) return live;
  const rows = await db
    .select({ id: enrolments.id, learnerId: enrolments.learnerId, status: enrolments.status })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.sessionId, sessionId),
        ne(enrolments.status, "cancelled"),
        inArray(enrolments.learnerId, learnerIds),
      ),
    );
  for (const row of rows) live.set(row.learnerId, { id: row.id, status: row.status });
  return live;
}
