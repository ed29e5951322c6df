import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { resultRows } from "../migrate";
import { enrolments, users } from "../schema/index";

/**
 * A session's row locked for the rest of the transaction, with its seats held, its waiting
 * list and (given a learner) that learner's live enrolment status. Two statements on purpose:
 * under READ COMMITTED a statement's snapshot is taken before it waits for the lock, so counts
 * read in the locking statement would miss the seats that the previous holder of the lock just
 * took. Counted after the lock, they see them.
 */
export async function lockSessionSeats(tx: Db, sessionId: string, learnerId?: string) {
  const locked = resultRows<{
    id: string;
    trainingId: string;
    startsAt: string | Date;
    endsAt: string | Date;
    cancelledAt: string | Date | null;
    capacity: number;
  }>(
    await tx.execute(sql`
      select s.id, s.training_id as "trainingId", s.starts_at as "startsAt", s.ends_at as "endsAt",
             s.cancelled_at as "cancelledAt", s.capacity
      from sessions s where s.id = ${sessionId} for update of s`),
  )[0];
  if (!locked) return undefined;
  const [counts] = resultRows<{
    seatsTaken: number;
    waiting: number;
    mine: "enrolled" | "waitlisted" | "completed" | null;
  }>(
    await tx.execute(sql`
      select count(*) filter (where status in ('enrolled', 'completed'))::int as "seatsTaken",
             count(*) filter (where status = 'waitlisted')::int as waiting,
             max(status) filter (where learner_id = ${learnerId ?? null}::uuid and status <> 'cancelled') as mine
      from enrolments where session_id = ${sessionId}`),
  );
  return {
    ...locked,
    seatsTaken: counts?.seatsTaken ?? 0,
    waiting: counts?.waiting ?? 0,
    /** The learner's live status in this session, when a learner was named. */
    learnerStatus: counts?.mine ?? undefined,
    startsAt: new Date(locked.startsAt),
    endsAt: new Date(locked.endsAt),
    cancelledAt: locked.cancelledAt ? new Date(locked.cancelledAt) : null,
  };
}
export type LockedSession = NonNullable<Awaited<ReturnType<typeof lockSessionSeats>>>;

/**
 * Inserts a learner's enrolment and its audit line in one statement (one round trip on the
 * busiest write of the portal).
 */
export async function insertSessionEnrolment(
  tx: Db,
  values: {
    learnerId: string;
    learnerName: string;
    trainingId: string;
    sessionId: string;
    status: "enrolled" | "waitlisted";
    now: Date;
    requestId: string | null;
  },
): Promise<string> {
  const at = values.now.toISOString();
  const [row] = resultRows<{ id: string }>(
    await tx.execute(sql`
      with e as (
        insert into enrolments (learner_id, training_id, session_id, status, waitlisted_at, created_at)
        values (${values.learnerId}, ${values.trainingId}, ${values.sessionId}, ${values.status},
                ${values.status === "waitlisted" ? at : null}, ${at})
        returning id)
      insert into audit_log (at, actor_id, actor_label, action, entity_type, entity_id, details, request_id)
      select ${at}, ${values.learnerId}, ${values.learnerName},
             ${values.status === "enrolled" ? "enrolment.created" : "enrolment.waitlisted"}, 'session', ${values.sessionId},
             jsonb_build_object('learnerId', ${values.learnerId}::text, 'enrolmentId', e.id, 'by', 'learner'), ${values.requestId}
      from e
      returning (details->>'enrolmentId') as id`),
  );
  return row!.id;
}

/** A session's waiting list, with what the mail to a promoted learner needs. */
export async function listWaiting(tx: Db, sessionId: string) {
  return tx
    .select({
      id: enrolments.id,
      learnerId: enrolments.learnerId,
      waitlistedAt: enrolments.waitlistedAt,
      createdAt: enrolments.createdAt,
      displayName: users.displayName,
      email: users.email,
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
  const [row] = resultRows<{
    id: string;
    status: "enrolled" | "waitlisted" | "completed" | "cancelled";
    sessionId: string | null;
    trainingId: string;
    sessionStartsAt: string | Date | null;
  }>(result);
  return row && { ...row, sessionStartsAt: row.sessionStartsAt ? new Date(row.sessionStartsAt) : null };
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
                 and (p.status = 'passed'
                      or (p.status = 'completed' and m.kind <> 'quiz' and p.score_raw is null)))))) as "isDone"
    from trainings t
    where t.organisation_id = ${input.organisationId}
      and upper(t.code) in (${sql.join(
        upper.map((c) => sql`${c}`),
        sql`, `,
      )})`);
  return resultRows<{ code: string; title: string; isDone: boolean }>(result);
}

/**
 * A session with what enrolling in it needs, in one statement: its training's prerequisites,
 * the place for the e-mail, and (given a learner) their contact and how many enrolments they
 * started since `since` (the rate limit).
 */
export async function findSessionForEnrolment(
  db: Db,
  sessionId: string,
  learner?: { id: string; since: Date },
) {
  const result = await db.execute(sql`
    select s.id, s.training_id as "trainingId", s.starts_at as "startsAt", s.ends_at as "endsAt",
           t.title as "trainingTitle", t.organisation_id as "organisationId",
           t.prerequisite_codes as "prerequisiteCodes",
           case when r.id is null then null else r.name || ', ' || si.name end as place,
           coalesce(si.timezone, 'Europe/Paris') as timezone,
           u.display_name as "learnerName", u.email as "learnerEmail",
           (select count(*)::int from enrolments e
             where e.learner_id = u.id and e.created_at > ${learner?.since.toISOString() ?? null}::timestamptz) as "recentEnrolments"
    from sessions s
    join trainings t on t.id = s.training_id
    left join rooms r on r.id = s.room_id
    left join sites si on si.id = r.site_id
    left join users u on u.id = ${learner?.id ?? null}::uuid
    where s.id = ${sessionId}`);
  const [row] = resultRows<{
    id: string;
    trainingId: string;
    startsAt: string | Date;
    endsAt: string | Date;
    trainingTitle: string;
    organisationId: string;
    prerequisiteCodes: string[];
    place: string | null;
    timezone: string;
    learnerName: string | null;
    learnerEmail: string | null;
    recentEnrolments: number | null;
  }>(result);
  return row && { ...row, startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt) };
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
  return resultRows<{ id: string; displayName: string; username: string; email: string | null }>(
    await db.execute(sql`select id, display_name as "displayName", username, email from users
      where 'learner' = any(roles)
        and (display_name ilike ${pattern} or username ilike ${pattern} or coalesce(email, '') ilike ${pattern})
      order by display_name limit ${limit}`),
  );
}
