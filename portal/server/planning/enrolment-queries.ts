import "server-only";
import type { Db } from "@tremplin/db/client";
import { enrolments, users } from "@tremplin/db/schema";
import { and, asc, eq, ilike, isNull, ne, or, sql } from "drizzle-orm";

/** Enrolments of a session that hold a seat or wait for one, with the learner. */
export async function listSessionEnrolments(db: Db, sessionId: string) {
  return db
    .select({
      id: enrolments.id,
      learnerId: users.id,
      displayName: users.displayName,
      username: users.username,
      email: users.email,
      status: enrolments.status,
      waitlistedAt: enrolments.waitlistedAt,
      createdAt: enrolments.createdAt,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.learnerId))
    .where(and(eq(enrolments.sessionId, sessionId), ne(enrolments.status, "cancelled")))
    .orderBy(
      sql`case ${enrolments.status} when 'waitlisted' then 1 else 0 end`,
      asc(enrolments.waitlistedAt),
      asc(users.displayName),
    );
}
export type SessionEnrolment = Awaited<ReturnType<typeof listSessionEnrolments>>[number];

/** The live (not cancelled) enrolment of a learner in a session. */
export async function findLiveEnrolment(db: Db, sessionId: string, learnerId: string) {
  const [row] = await db
    .select()
    .from(enrolments)
    .where(
      and(
        eq(enrolments.sessionId, sessionId),
        eq(enrolments.learnerId, learnerId),
        ne(enrolments.status, "cancelled"),
      ),
    );
  return row;
}

export async function findActiveLearner(db: Db, learnerId: string) {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, username: users.username, roles: users.roles })
    .from(users)
    .where(and(eq(users.id, learnerId), isNull(users.disabledAt)));
  return row;
}

/** Learners whose name, login or e-mail contains `query`, to add to a session. */
export async function searchLearners(db: Db, query: string, limit = 20) {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: users.id, displayName: users.displayName, username: users.username, email: users.email })
    .from(users)
    .where(
      and(
        sql`'learner' = any(${users.roles})`,
        isNull(users.disabledAt),
        or(ilike(users.displayName, pattern), ilike(users.username, pattern), ilike(users.email, pattern)),
      ),
    )
    .orderBy(asc(users.displayName))
    .limit(limit);
}

export async function insertEnrolment(
  tx: Db,
  values: { learnerId: string; sessionId: string; trainingId: string; now: Date },
) {
  const [row] = await tx
    .insert(enrolments)
    .values({ ...values, status: "enrolled", createdAt: values.now })
    .returning({ id: enrolments.id });
  return row!;
}

export async function setEnrolmentStatus(tx: Db, id: string, status: "enrolled" | "cancelled") {
  await tx.update(enrolments).set({ status }).where(eq(enrolments.id, id));
}
