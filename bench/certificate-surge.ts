import { parseArgs } from "node:util";
import type { Db } from "@tremplin/db/client";
import { resultRows } from "@tremplin/db/migrate";
import { renderCompletionCertificate } from "@tremplin/portal/certificates/documents/render-completion-certificate";
import { sampleFields } from "@tremplin/portal/certificates/documents/sample-fields";
import { sql } from "drizzle-orm";
import { type CannonRequest, cannon } from "./_autocannon";
import { type BenchSystem, benchSecret, withBenchSystem } from "./_bench-portal";
import { cookies, scale, seedCatalogue, seedLearners } from "./_portal-seed";

const { values } = parseArgs({ options: { learners: { type: "string", default: "10000" } } });
const finishers = Number(values.learners);
const now = new Date();
await withBenchSystem("certificates", run);

async function run({ db, startPortal }: BenchSystem) {
  await seedCatalogue(db, now);
  // Learners with ten enrolments each, in ten sessions next to each other in the calendar
  // (_portal-seed.ts): about a third of learners have one that is over. Three times as many as
  // wanted, so that `finishers` of them can finish.
  await seedLearners(db, now, 0, Math.max(scale.readers, 3 * finishers));
  // The seed's own progress rows queued evaluations: the surge starts from an empty queue.
  await db.execute(sql`delete from certificate_jobs`);
  const baseline = await renderRate();

  const { url, processes } = await startPortal();
  const readers = await cookies(db, benchSecret, 0, scale.readers);
  let next = 0;
  const myTrainings = (req: CannonRequest): CannonRequest => ({
    ...req,
    method: "GET",
    path: "/mes-formations",
    headers: { cookie: readers[next++ % readers.length]! },
  });
  const fixed = (duration: number) =>
    cannon({
      url,
      connections: 10,
      duration,
      overallRate: 50,
      warmup: { connections: 10, duration: 3 },
      requests: [{ setupRequest: myTrainings }],
    });
  // At start each process asks for the sessions that ended in the last three days: let that pass.
  await new Promise((r) => setTimeout(r, 5_000));
  await waitForDrain(db);
  const idle = await fixed(15);

  const enrolments = await finish(db, finishers);
  console.log(
    `${enrolments} enrolments finished at once: ${await queued(db)} evaluations queued by the triggers`,
  );
  const started = performance.now();
  const during = await fixed(15);
  await waitForDrain(db);
  const seconds = (performance.now() - started) / 1000;
  const issued = await count(db, sql`select count(*)::int as n from certificates`);
  const rate = issued / seconds;

  console.log("\n== Issuance end to end (rules + PDF + signature + time-stamp + vault) ==");
  console.log(`PDF generation alone, this process:      ${baseline.toFixed(1)} documents/s`);
  console.log(
    `issuance by the portal (${processes} processes): ${rate.toFixed(1)} certificates/s (${issued} in ${seconds.toFixed(0)} s, target ≥ 50/s) = ${((100 * rate) / baseline).toFixed(0)} % of rendering alone`,
  );
  console.log("\n== 'Mes formations' at 50 req/s ==");
  console.log(`idle p99:               ${idle.latency.p99} ms (p50 ${idle.latency.p50} ms)`);
  console.log(
    `during the drain p99:   ${during.latency.p99} ms (p50 ${during.latency.p50} ms) = ${(during.latency.p99 / idle.latency.p99).toFixed(2)}× idle (target ≤ 2×); errors ${during.errors + during.non2xx}`,
  );
  const problems = await integrity(db, enrolments);
  console.log(
    `integrity: ${problems.missing} enrolment(s) without their certificates, ${problems.doubled} doubled, ${problems.unstamped} without time-stamp or vault entry; vault ${problems.leaves} entries`,
  );
  if (problems.missing + problems.doubled + problems.unstamped > 0) process.exitCode = 1;
}

/** Rendering the certificate alone, one after the other in this process: documents per second. */
async function renderRate(): Promise<number> {
  const fields = (i: number) => sampleFields({ code: `TRM-BNCH-${String(i % 10_000).padStart(4, "0")}-00` });
  for (let i = 0; i < 10; i++) await renderCompletionCertificate(fields(i));
  const count = 200;
  const started = performance.now();
  for (let i = 0; i < count; i++) await renderCompletionCertificate(fields(i));
  return count / ((performance.now() - started) / 1000);
}

/**
 * The latest enrolment in a session that is over, for each of `learners` learners: a kiosk logon
 * over the whole session and every module done, written in two statements.
 */
async function finish(db: Db, learners: number): Promise<number> {
  // A table, not a temporary one: the pool may run the next statements on other connections.
  await db.execute(sql`create unlogged table finishing as
    select distinct on (e.learner_id) e.id, e.learner_id, e.session_id, e.training_id, s.starts_at, s.ends_at
    from enrolments e join sessions s on s.id = e.session_id
    where s.ends_at < now()
    order by e.learner_id, s.ends_at desc
    limit ${learners}`);
  await db.execute(sql`insert into progress (learner_id, module_id, enrolment_id, status, active_seconds, updated_at)
    select f.learner_id, m.id, f.id, 'completed', 1800, now() from finishing f
    join modules m on m.training_id = f.training_id
    on conflict (learner_id, module_id) do update set status = 'completed'`);
  await db.execute(sql`insert into attendance_records (session_id, learner_id, source, started_at, ended_at, end_reason)
    select f.session_id, f.learner_id, 'kiosk', f.starts_at, f.ends_at, 'logout' from finishing f`);
  return count(db, sql`select count(*)::int as n from finishing`);
}

async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  return resultRows<{ n: number }>(await db.execute(query))[0]!.n;
}

function queued(db: Db) {
  return count(db, sql`select count(*)::int as n from certificate_jobs`);
}

async function waitForDrain(db: Db) {
  const started = performance.now();
  while ((await queued(db)) > 0) {
    if (performance.now() - started > 30 * 60_000)
      throw new Error("certificate queue not drained after 30 min");
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Each finished enrolment holds its two certificates, once, each time-stamped and in the vault. */
async function integrity(db: Db, expected: number) {
  const held = await count(
    db,
    sql`select count(distinct enrolment_id)::int as n from certificates where kind = 'completion'`,
  );
  return {
    missing: Math.max(0, expected - held),
    doubled: await count(
      db,
      sql`select count(*)::int as n from (select 1 from certificates where status = 'issued'
          group by enrolment_id, kind having count(*) > 1) d`,
    ),
    unstamped: await count(
      db,
      sql`select count(*)::int as n from certificates
          where vault_leaf_index is null or length(timestamp_token) = 0`,
    ),
    leaves: await count(db, sql`select count(*)::int as n from vault_entries`),
  };
}
