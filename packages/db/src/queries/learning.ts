import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { executePrepared } from "../prepared";
import { readRow, readRows, timestamp } from "../rows";
import { enrolmentStatuses, enrolments, users } from "../schema/index";
import { moduleDoneSql } from "./module-done";

/** A session's dates and seats, as columns of a statement over `sessions s`. */
const sessionSeatsColumns = sql`s.id, s.training_id as "trainingId", s.starts_at as "startsAt",
  s.ends_at as "endsAt", s.cancelled_at as "cancelledAt", s.capacity, s.seats_taken as "seatsTaken",
  s.waiting_count as waiting`;
const sessionSeatsRow = z.object({
  id: z.string(),
  trainingId: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  cancelledAt: timestamp.nullable(),
  capacity: z.number(),
  seatsTaken: z.number(),
  waiting: z.number(),
});

/**
 * A session's row locked for the rest of the transaction, with its seats held and its waiting
 * list. The counts are columns of the row (kept by triggers on enrolments), so the locking
 * statement reads them as the previous holder of the lock left them.
 */
export async function lockSessionSeats(tx: Db, sessionId: string) {
  return readRow(
    await tx.execute(
      sql`select ${sessionSeatsColumns} from sessions s where s.id = ${sessionId} for update of s`,
    ),
    sessionSeatsRow,
  );
}
export type LockedSession = NonNullable<Awaited<ReturnType<typeof lockSessionSeats>>>;

/**
 * Enrols a learner in one statement when nothing stands in the way: the session is open and not
 * started, the learner holds no live enrolment in it and is under the rate limit, and the
 * training has no prerequisites (or the caller has checked them: `prerequisitesMet`). The session
 * row is locked while its current counts give a seat, or else the next place on the waiting list
 * (the last rule of the domain's decideSelfEnrolment), so two requests for the last seat take
 * turns and only one gets it. The audit line and the confirmation e-mail's job (mail_jobs) are
 * written by the same statement.
 *
 * Undefined when something stands in the way: the caller asks the domain which, from a fresh read
 * (findSessionForEnrolment). One round trip and no explicit transaction on the busiest write of
 * the portal.
 */
export async function enrolIfOpen(
  db: Db,
  values: {
    learnerId: string;
    learnerName: string;
    sessionId: string;
    now: Date;
    rateLimit: { count: number; since: Date };
    prerequisitesMet: boolean;
    requestId: string | null;
  },
) {
  const at = values.now.toISOString();
  return readRow(
    await executePrepared(
      db,
      sql`
      with s as (
        select s.id, s.training_id, s.room_id, s.starts_at, s.ends_at, s.capacity, s.seats_taken, s.waiting_count
        from sessions s join trainings t on t.id = s.training_id
        where s.id = ${values.sessionId} and s.cancelled_at is null and s.starts_at > ${at}
          and (${values.prerequisitesMet}::boolean or cardinality(t.prerequisite_codes) = 0)
          and not exists (select 1 from enrolments e
                          where e.learner_id = ${values.learnerId} and e.session_id = s.id and e.status <> 'cancelled')
          and (select count(*) from enrolments e
               where e.learner_id = ${values.learnerId} and e.created_at > ${values.rateLimit.since.toISOString()}) < ${values.rateLimit.count}
        for update of s),
      e as (
        insert into enrolments (learner_id, training_id, session_id, status, waitlisted_at, created_at)
        select ${values.learnerId}, s.training_id, s.id,
               case when s.seats_taken < s.capacity then 'enrolled' else 'waitlisted' end,
               case when s.seats_taken < s.capacity then null else ${at}::timestamptz end, ${at}
        from s
        returning id, status),
      a as (
        insert into audit_log (at, actor_id, actor_label, action, entity_type, entity_id, details, request_id)
        select ${at}, ${values.learnerId}, ${values.learnerName},
               case when e.status = 'enrolled' then 'enrolment.created' else 'enrolment.waitlisted' end,
               'session', ${values.sessionId},
               jsonb_build_object('learnerId', ${values.learnerId}::text, 'enrolmentId', e.id, 'by', 'learner'),
               ${values.requestId}
        from e),
      m as (
        insert into mail_jobs (kind, enrolment_id, position, created_at)
        select e.status, e.id, case when e.status = 'waitlisted' then s.waiting_count + 1 end, ${at}
        from e cross join s)
      select e.id, e.status, s.waiting_count + 1 as position from e cross join s`,
    ),
    z.object({ id: z.string(), status: z.enum(["enrolled", "waitlisted"]), position: z.number() }),
  );
}

/** A session's waiting list in order, with names for the audit lines of promotions. */
export async function listWaiting(tx: Db, sessionId: string) {
  return tx
    .select({
      id: enrolments.id,
      learnerId: enrolments.learnerId,
      waitlistedAt: enrolments.waitlistedAt,
      createdAt: enrolments.createdAt,
      displayName: users.displayName,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.learnerId))
    .where(and(eq(enrolments.sessionId, sessionId), eq(enrolments.status, "waitlisted")))
    .orderBy(asc(enrolments.waitlistedAt), asc(enrolments.createdAt));
}

export async function setEnrolmentsStatus(tx: Db, ids: string[], status: "enrolled" | "cancelled") {
  if (ids.length === 0) return;
  await tx
    .update(enrolments)
    .set(status === "enrolled" ? { status, waitlistedAt: null } : { status })
    .where(inArray(enrolments.id, ids));
}

/** One of the learner's enrolments; another learner's id finds nothing (the caller answers 404). */
export async function findOwnEnrolment(db: Db, enrolmentId: string, learnerId: string) {
  const result = await db.execute(sql`
    select e.id, e.status, e.session_id as "sessionId", e.training_id as "trainingId",
           s.starts_at as "sessionStartsAt"
    from enrolments e left join sessions s on s.id = e.session_id
    where e.id = ${enrolmentId} and e.learner_id = ${learnerId}`);
  return readRow(
    result,
    z.object({
      id: z.string(),
      status: z.enum(enrolmentStatuses),
      sessionId: z.string().nullable(),
      trainingId: z.string(),
      sessionStartsAt: timestamp.nullable(),
    }),
  );
}

/**
 * The trainings among `codes` (same organisation) the learner has finished: an enrolment marked
 * completed, or every required module done (a quiz or scored package passed).
 */
export async function listPrerequisiteStates(
  db: Db,
  input: { learnerId: string; organisationId: string; codes: string[] },
) {
  if (input.codes.length === 0) return [];
  const upper = input.codes.map((c) => c.toUpperCase());
  const result = await db.execute(sql`
    select t.code, t.title,
      (exists (select 1 from enrolments e
                where e.learner_id = ${input.learnerId} and e.training_id = t.id and e.status = 'completed')
       or (exists (select 1 from modules m where m.training_id = t.id and m.is_required)
           and not exists (
             select 1 from modules m
             where m.training_id = t.id and m.is_required and not exists (
               select 1 from progress p
               where p.learner_id = ${input.learnerId} and p.module_id = m.id
                 and ${moduleDoneSql({ status: sql`p.status`, kind: sql`m.kind`, scoreRaw: sql`p.score_raw` })})))) as "isDone"
    from trainings t
    where t.organisation_id = ${input.organisationId}
      and upper(t.code) in (${sql.join(
        upper.map((c) => sql`${c}`),
        sql`, `,
      )})`);
  return readRows(result, z.object({ code: z.string(), title: z.string(), isDone: z.boolean() }));
}

/**
 * A session with what enrolling in it needs, in one statement: its dates, seats and waiting list,
 * its training's prerequisites and (given a learner) their live status in the session and how many
 * enrolments they started since `since` (the rate limit).
 * What the domain needs to say why a learner cannot enrol (see enrolIfOpen).
 */
export async function findSessionForEnrolment(
  db: Db,
  sessionId: string,
  learner?: { id: string; since: Date },
) {
  const result = await executePrepared(
    db,
    sql`
    select ${sessionSeatsColumns},
           t.organisation_id as "organisationId", t.prerequisite_codes as "prerequisiteCodes",
           (select count(*)::int from enrolments e
             where e.learner_id = ${learner?.id ?? null}::uuid
               and e.created_at > ${learner?.since.toISOString() ?? null}::timestamptz) as "recentEnrolments",
           (select e.status from enrolments e
             where e.learner_id = ${learner?.id ?? null}::uuid and e.session_id = s.id
               and e.status <> 'cancelled') as "learnerStatus"
    from sessions s join trainings t on t.id = s.training_id
    where s.id = ${sessionId}`,
  );
  return readRow(
    result,
    sessionSeatsRow.extend({
      organisationId: z.string(),
      prerequisiteCodes: z.array(z.string()),
      recentEnrolments: z.number().nullable(),
      learnerStatus: z.enum(["enrolled", "waitlisted", "completed"]).nullable(),
    }),
  );
}
export type SessionForEnrolment = NonNullable<Awaited<ReturnType<typeof findSessionForEnrolment>>>;

export async function findLearnerContact(db: Db, learnerId: string) {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(eq(users.id, learnerId));
  return row;
}

/** Learners whose name, login or e-mail contains `query` (any case), for IT's support view. */
export async function searchLearnerAccounts(db: Db, query: string, limit = 30) {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return readRows(
    await db.execute(sql`select id, display_name as "displayName", username, email from users
      where 'learner' = any(roles)
        and (display_name ilike ${pattern} or username ilike ${pattern} or coalesce(email, '') ilike ${pattern})
      order by display_name limit ${limit}`),
    z.object({ id: z.string(), displayName: z.string(), username: z.string(), email: z.string().nullable() }),
  );
}
