import { inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { numeric, readOnlyRow, readRows, timestamp } from "../rows";
import { mailJobs } from "../schema/index";
import { mailJobKinds } from "../schema/mail";

export type MailJobKind = (typeof mailJobKinds)[number];

/** Queues enrolment mails in the caller's transaction: they exist exactly when the change commits. */
export async function queueMailJobs(
  tx: Db,
  jobs: { kind: MailJobKind; enrolmentId: string; position?: number }[],
  now: Date,
) {
  if (jobs.length === 0) return;
  await tx.insert(mailJobs).values(jobs.map((j) => ({ ...j, createdAt: now })));
}

/** Queues a mail to every learner enrolled or waiting in a session, in the caller's transaction. */
export async function queueSessionMailJobs(tx: Db, sessionId: string, kind: MailJobKind, now: Date) {
  await tx.execute(sql`
    insert into mail_jobs (kind, enrolment_id, created_at)
    select ${kind}, id, ${now.toISOString()} from enrolments
    where session_id = ${sessionId} and status in ('enrolled', 'waitlisted')
    order by created_at`);
}

/** A claimed job with what its mail says; `trainingTitle` is null when there is nothing to say. */
export type ClaimedMailJob = {
  id: number;
  kind: MailJobKind;
  enrolmentId: string;
  position: number | null;
  trainingId: string | null;
  trainingTitle: string | null;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  timezone: string;
  learnerName: string;
  learnerEmail: string | null;
};

const claimedJobRow = z.object({
  id: numeric,
  kind: z.enum(mailJobKinds),
  enrolmentId: z.string(),
  position: z.number().nullable(),
  trainingId: z.string().nullable(),
  trainingTitle: z.string().nullable(),
  startsAt: timestamp.nullable(),
  endsAt: timestamp.nullable(),
  place: z.string().nullable(),
  timezone: z.string(),
  learnerName: z.string(),
  learnerEmail: z.string().nullable(),
});

/**
 * Takes the oldest `limit` jobs that nobody holds (or whose holder's lease ran out) for `leaseMs`,
 * in one statement; several portal instances never take the same job (`skip locked`). Each comes
 * with the session and the learner as they are now: a mail sent late says the current time and
 * room, not those of the moment it was queued.
 */
export async function claimMailJobs(
  db: Db,
  input: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedMailJob[]> {
  const until = new Date(input.now.getTime() + input.leaseMs).toISOString();
  const rows = readRows(
    await db.execute(sql`
      with picked as (
        select id from mail_jobs
        where claimed_until is null or claimed_until < ${input.now.toISOString()}
        order by id limit ${input.limit}
        for update skip locked),
      claimed as (
        update mail_jobs j set claimed_until = ${until}, attempts = j.attempts + 1
        from picked where j.id = picked.id
        returning j.id, j.kind, j.position, j.enrolment_id)
      select c.id, c.kind, c.enrolment_id as "enrolmentId", c.position, t.id as "trainingId", t.title as "trainingTitle", s.starts_at as "startsAt", s.ends_at as "endsAt",
             case when r.id is null then null else r.name || ', ' || si.name end as place,
             coalesce(si.timezone, 'Europe/Paris') as timezone,
             u.display_name as "learnerName", u.email as "learnerEmail"
      from claimed c
      join enrolments e on e.id = c.enrolment_id
      join users u on u.id = e.learner_id
      left join sessions s on s.id = e.session_id
      left join trainings t on t.id = s.training_id
      left join rooms r on r.id = s.room_id left join sites si on si.id = r.site_id
      order by c.id`),
    claimedJobRow,
  );
  // A job whose enrolment has no session (self-paced) says no dates: the epoch stands for none.
  return rows.map((r) => ({ ...r, startsAt: r.startsAt ?? new Date(0), endsAt: r.endsAt ?? new Date(0) }));
}

export async function deleteMailJobs(db: Db, ids: number[]) {
  if (ids.length === 0) return;
  await db.delete(mailJobs).where(inArray(mailJobs.id, ids));
}

/** Mails queued and not handed to the mailer yet, for the metrics IT watches. */
export async function countMailJobs(db: Db): Promise<number> {
  const row = readOnlyRow(
    await db.execute(sql`select count(*)::int as n from mail_jobs`),
    z.object({ n: z.number() }),
  );
  return row.n;
}
