// Seeds a database at the scale of a national training institute for bench/portal-load.ts, with
// set-based SQL (generate_series): a catalogue of 200 trainings and 20,000 sessions, then
// learners in ranges of ten enrolments each (64,000 learners = 640,000 enrolments). The learners
// whose pages the bench reads also have progress on two modules.
import type { Db } from "@tremplin/db/client";
import { resultRows } from "@tremplin/db/migrate";
import { userSessions } from "@tremplin/db/schema";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";

export const scale = {
  learners: 64_000,
  perLearner: 10,
  trainings: 200,
  sessionsPerTraining: 100,
  capacity: 40,
  /** Learners [0, readers) are the ones whose "Mes formations" the bench reads. */
  readers: 1_000,
};
const sessions = scale.trainings * scale.sessionsPerTraining;

/** Organisation, sites, rooms, trainings with four modules, sessions from 60 days back to 140 ahead. */
export async function seedCatalogue(db: Db, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.execute(
    sql`insert into organisations (id, name, kind) values ('00000000-0000-4000-8000-00000000b001', 'Institut national (banc)', 'region')`,
  );
  await db.execute(sql`insert into sites (id, organisation_id, name, city)
    select ('00000000-0000-4000-8001-' || lpad(i::text, 12, '0'))::uuid, '00000000-0000-4000-8000-00000000b001', 'Site ' || i, 'Ville ' || i
    from generate_series(1, 30) i`);
  await db.execute(sql`insert into rooms (id, site_id, name, capacity)
    select ('00000000-0000-4000-8002-' || lpad(i::text, 12, '0'))::uuid,
           ('00000000-0000-4000-8001-' || lpad((1 + i % 30)::text, 12, '0'))::uuid, 'Salle ' || i, 40
    from generate_series(1, 300) i`);
  await db.execute(sql`insert into trainings (id, organisation_id, code, title, domain, summary, objectives, duration_hours, modality, rules)
    select ('00000000-0000-4000-8003-' || lpad(i::text, 12, '0'))::uuid, '00000000-0000-4000-8000-00000000b001',
           'F-' || i, 'Formation ' || i, 'Domaine ' || (i % 12), 'Résumé de la formation ' || i,
           array['Objectif A', 'Objectif B'], 21, (array['onsite', 'remote', 'blended'])[1 + i % 3],
           '{"passingScorePercent": 70, "maxAttempts": 3}'::jsonb
    from generate_series(1, ${scale.trainings}) i`);
  await db.execute(sql`insert into modules (training_id, position, title, kind, duration_minutes, content)
    select ('00000000-0000-4000-8003-' || lpad(t::text, 12, '0'))::uuid, p, 'Module ' || p, 'page', 30,
           '{"format": "markdown", "body": "# Module"}'::jsonb
    from generate_series(1, ${scale.trainings}) t, generate_series(1, 4) p`);
  // Sessions from 60 days back to 140 days ahead, one room each, a day long.
  await db.execute(sql`insert into sessions (id, training_id, room_id, starts_at, ends_at, capacity)
    select ('00000000-0000-4000-8004-' || lpad(i::text, 12, '0'))::uuid,
           ('00000000-0000-4000-8003-' || lpad((1 + i % ${scale.trainings})::text, 12, '0'))::uuid,
           ('00000000-0000-4000-8002-' || lpad((1 + i % 300)::text, 12, '0'))::uuid,
           ${at}::timestamptz + ((i % 200) - 60) * interval '1 day' + interval '8 hours',
           ${at}::timestamptz + ((i % 200) - 60) * interval '1 day' + interval '16 hours',
           ${scale.capacity}
    from generate_series(0, ${sessions - 1}) i`);
}

/** Learners [from, to), ten enrolments each; returns the enrolments now in the database. */
export async function seedLearners(db: Db, now: Date, from: number, to: number): Promise<number> {
  const at = now.toISOString();
  await db.execute(sql`insert into users (id, source, username, email, display_name, roles)
    select ('00000000-0000-4000-8005-' || lpad(i::text, 12, '0'))::uuid, 'local', 'b' || i, 'b' || i || '@banc.example',
           'Apprenant ' || i, '{learner}'
    from generate_series(${from}::int, ${to - 1}::int) i`);
  // Learner i: sessions (7i + 1999k) mod S for k < 10, all distinct (1999 is prime to S).
  await db.execute(sql`insert into enrolments (learner_id, training_id, session_id, status, created_at)
    select ('00000000-0000-4000-8005-' || lpad(i::text, 12, '0'))::uuid,
           ('00000000-0000-4000-8003-' || lpad((1 + s % ${scale.trainings})::text, 12, '0'))::uuid,
           ('00000000-0000-4000-8004-' || lpad(s::text, 12, '0'))::uuid,
           'enrolled', ${at}::timestamptz - interval '30 days'
    from generate_series(${from}::int, ${to - 1}::int) i, generate_series(0, ${scale.perLearner - 1}) k,
         lateral (select (7 * i + 1999 * k) % ${sessions} as s) x`);
  await db.execute(sql`insert into progress (learner_id, module_id, enrolment_id, status, active_seconds, updated_at)
    select e.learner_id, m.id, e.id, case when m.position = 1 then 'completed' else 'incomplete' end, 600, ${at}::timestamptz
    from (select distinct on (learner_id, training_id) id, learner_id, training_id from enrolments
          where learner_id >= ${learnerId(from)} and learner_id < ${learnerId(Math.min(to, scale.readers))}
          order by learner_id, training_id, created_at) e
    join modules m on m.training_id = e.training_id and m.position <= 2`);
  // A database in service is vacuumed as it goes: do it now rather than let autovacuum, woken
  // by half a million new rows, run through the measures that follow.
  await db.execute(sql`vacuum (analyze)`);
  const [row] = resultRows<{ n: number }>(await db.execute(sql`select count(*)::int as n from enrolments`));
  return row!.n;
}

/** Learner i's id, login and e-mail, as seeded. */
export const learnerId = (i: number) => `00000000-0000-4000-8005-${String(i).padStart(12, "0")}`;
/** Session s's id, and whether it lies ahead of `now` (sessions i % 200 ≥ 61 start tomorrow or later). */
export const sessionId = (s: number) => `00000000-0000-4000-8004-${String(s).padStart(12, "0")}`;
export const isFutureSession = (s: number) => s % 200 >= 61;

/**
 * next-auth session cookies for learners [from, to), as the portal's sign-in would set them:
 * each with its server-side session (user_sessions), which the portal checks on every request.
 */
export async function cookies(db: Db, secret: string, from: number, to: number): Promise<string[]> {
  const ids = Array.from({ length: to - from }, (_, k) => learnerId(from + k));
  const sids = new Map<string, string>();
  const startedAt = new Date();
  for (let start = 0; start < ids.length; start += 1_000) {
    const rows = await db
      .insert(userSessions)
      .values(
        ids
          .slice(start, start + 1_000)
          .map((userId) => ({ userId, createdAt: startedAt, lastSeenAt: startedAt })),
      )
      .returning({ id: userSessions.id, userId: userSessions.userId });
    for (const row of rows) sids.set(row.userId, row.id);
  }
  return Promise.all(
    Array.from({ length: to - from }, async (_, k) => {
      const i = from + k;
      const user = {
        id: learnerId(i),
        name: `Apprenant ${i}`,
        username: `b${i}`,
        roles: ["learner"],
        source: "local",
      };
      const token = {
        sub: user.id,
        name: user.name,
        user,
        sid: sids.get(user.id),
        startedAt: startedAt.getTime(),
      };
      return `next-auth.session-token=${await encode({ token, secret })}`;
    }),
  );
}
