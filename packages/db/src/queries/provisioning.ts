import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { readRows, timestamp } from "../rows";
import { enrolments, provisioningRuns, sessions, users } from "../schema/index";
import { findSessionDetail, type SessionDetail, sessionDetailQuery } from "./planning";

/** The session a run provisions, as the planning reads it. */
export const findSessionForProvisioning = findSessionDetail;
export type ProvisioningSession = SessionDetail;

/**
 * Sessions not cancelled that are still running or start before `startsBefore`: their
 * trainees need an account now. Soonest first.
 */
export async function listSessionsToProvision(
  db: Db,
  range: { now: Date; startsBefore: Date; limit?: number },
) {
  return sessionDetailQuery(db)
    .where(
      and(
        isNull(sessions.cancelledAt),
        gt(sessions.endsAt, range.now),
        lte(sessions.startsAt, range.startsBefore),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .limit(range.limit ?? 200);
}

/** The people holding a seat in these sessions (enrolled or completed), with where their account lives. */
export async function listSessionTrainees(db: Db, sessionIds: string[]) {
  if (sessionIds.length === 0) return [];
  return db
    .select({
      sessionId: sql<string>`${enrolments.sessionId}`,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      source: users.source,
      hasLocalPassword: sql<boolean>`${users.passwordHash} is not null`,
      disabledAt: users.disabledAt,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.learnerId))
    .where(
      and(inArray(enrolments.sessionId, sessionIds), inArray(enrolments.status, ["enrolled", "completed"])),
    )
    .orderBy(asc(users.username));
}
export type SessionTrainee = Awaited<ReturnType<typeof listSessionTrainees>>[number];

/**
 * People the portal knew as local accounts without a password (enrolled by IT, never signed
 * in) whose account now lives in AD: they sign in through the directory from now on.
 */
export async function markUsersInDirectory(db: Db, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .update(users)
    .set({ source: "directory" })
    .where(and(inArray(users.id, userIds), eq(users.source, "local"), isNull(users.passwordHash)));
}

/** A run left `running` by a process that died: it no longer holds the one running slot. */
export async function abandonStaleRuns(db: Db, startedBefore: Date, now: Date): Promise<number> {
  const rows = await db
    .update(provisioningRuns)
    .set({ status: "abandoned", finishedAt: now })
    .where(and(eq(provisioningRuns.status, "running"), lt(provisioningRuns.startedAt, startedBefore)))
    .returning({ id: provisioningRuns.id });
  return rows.length;
}

type NewRun = typeof provisioningRuns.$inferInsert;

/** Takes the one running slot (a unique index): throws a unique violation if another run holds it. */
export async function insertRunningRun(
  db: Db,
  run: Omit<NewRun, "id" | "status" | "report" | "finishedAt">,
): Promise<string> {
  const [row] = await db
    .insert(provisioningRuns)
    .values({ ...run, status: "running" })
    .returning({ id: provisioningRuns.id });
  return row!.id;
}

export async function findRunningRun(db: Db) {
  const [row] = await db
    .select()
    .from(provisioningRuns)
    .where(eq(provisioningRuns.status, "running"))
    .limit(1);
  return row;
}

export type RunOutcome = Pick<NewRun, "status"> &
  Partial<
    Pick<
      NewRun,
      "finishedAt" | "sessionIds" | "created" | "updated" | "disabled" | "unchanged" | "failed" | "skipped"
    >
  > & { report: Record<string, unknown> };

export async function finishRun(db: Db, runId: string, outcome: RunOutcome): Promise<void> {
  await db.update(provisioningRuns).set(outcome).where(eq(provisioningRuns.id, runId));
}

/** The latest runs, newest first. */
export async function listRuns(db: Db, limit = 20) {
  return db.select().from(provisioningRuns).orderBy(desc(provisioningRuns.startedAt)).limit(limit);
}
export type ProvisioningRunRow = Awaited<ReturnType<typeof listRuns>>[number];

/** When each of these sessions was last provisioned (finished runs only), and how it went. */
export async function lastRunBySession(
  db: Db,
  sessionIds: string[],
): Promise<Map<string, { finishedAt: Date; status: string }>> {
  if (sessionIds.length === 0) return new Map();
  const ids = sql.join(
    sessionIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select distinct on (s.id) s.id as "sessionId", r.finished_at as "finishedAt", r.status
    from provisioning_runs r cross join lateral unnest(r.session_ids) as s(id)
    where s.id in (${ids}) and r.finished_at is not null and r.status <> 'abandoned'
    order by s.id, r.finished_at desc`);
  return new Map(
    readRows(result, z.object({ sessionId: z.string(), finishedAt: timestamp, status: z.string() })).map(
      ({ sessionId, ...run }) => [sessionId, run],
    ),
  );
}
