/**
 * Certificates end to end under a surge (issue 18, Performance), on the production build over
 * PostgreSQL with one portal process per core, as in service:
 *  - 10,000 learners finish at once (their kiosk logons and modules written in one go, as a
 *    campaign's last day would): the database's triggers queue 10,000 evaluations, the portal's
 *    workers drain them through the real path (rules, PDF, PAdES signature, RFC 3161 time-stamp,
 *    vault append). Printed: certificates a second end to end (target ≥ 50/s on 2 cores) beside
 *    rendering the same PDF alone in this process (the baseline);
 *  - "Mes formations" at a fixed 50 requests/s before the surge and while it drains: the p99
 *    during the drain against the idle p99 (target ≤ 2×).
 * Exits non-zero if a certificate is missing, doubled, or left without its time-stamp or vault entry.
 *
 *   npm run bench certificate-surge        ([--learners 10000])
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Db, openDatabase } from "@tremplin/db/client";
import { migrate, resultRows } from "@tremplin/db/migrate";
import { renderCompletionCertificate } from "@tremplin/portal/certificates/documents/render-completion-certificate";
import { sampleFields } from "@tremplin/portal/certificates/documents/sample-fields";
import { buildPortal, startPortal } from "@tremplin/testkit/portal";
import { startPostgres } from "@tremplin/testkit/postgres";
import { freePort } from "@tremplin/testkit/processes";
import { sql } from "drizzle-orm";
import { type CannonRequest, cannon } from "./_autocannon";
import { cookies, scale, seedCatalogue, seedLearners } from "./_portal-seed";

const { values } = parseArgs({ options: { learners: { type: "string", default: "10000" } } });
const finishers = Number(values.learners);
const secret = "bench-secret-bench-secret-bench-secret-42";
const now = new Date();
const pg = await startPostgres();
const dataDir = await mkdtemp(path.join(tmpdir(), "tremplin-bench-certificates-"));
const stops: (() => Promise<void>)[] = [() => pg.stop(), () => rm(dataDir, { recursive: true, force: true })];
try {
  await run();
} finally {
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
}

async function run() {
  const databaseUrl = await pg.createDatabase("bench");
  const database = await openDatabase({ kind: "postgres", url: databaseUrl, poolSize: 4 });
  const db = database.db;
  await migrate(db);
  await seedCatalogue(db, now);
  // Learners with ten enrolments each: a tenth of those sessions are over (seedCatalogue).
  await seedLearners(db, now, 0, Math.max(scale.readers, finishers));
  // The seed's own progress rows queued evaluations: the surge starts from an empty queue.
  await db.execute(sql`delete from certificate_jobs`);
  const baseline = await renderRate();

  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "5",
    TREMPLIN_PORTAL_PROCESSES: String(availableParallelism()),
    TREMPLIN_DATA_DIR: dataDir,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: secret,
    NODE_ENV: "production" as const,
    LOG_LEVEL: "warn",
  };
  buildPortal(env, ".next-bench");
  const portal = await startPortal({ port, env, distDir: ".next-bench", quiet: true });
  stops.push(() => portal.stop());
  const readers = await cookies(db, secret, 0, scale.readers);
  let next = 0;
  const myTrainings = (req: CannonRequest): CannonRequest => ({
    ...req,
    method: "GET",
    path: "/mes-formations",
    headers: { cookie: readers[next++ % readers.length]! },
  });
  const fixed = (duration: number) =>
    cannon({
      url: `http://127.0.0.1:${port}`,
      connections: 10,
      duration,
      overallRate: 50,
      warmup: { connections: 10, duration: 3 },
      requests: [{ setupRequest: myTrainings }],
    });
  console.log(`Portal: production build on PostgreSQL, ${env.TREMPLIN_PORTAL_PROCESSES} processes`);
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
    `issuance by the portal (${env.TREMPLIN_PORTAL_PROCESSES} processes): ${rate.toFixed(1)} certificates/s (${issued} in ${seconds.toFixed(0)} s, target ≥ 50/s) = ${((100 * rate) / baseline).toFixed(0)} % of rendering alone`,
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
  await database.close();
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
 * The first enrolment in a session that is over, for each of `learners` learners: a kiosk logon
 * over the whole session and every module done, written in two statements.
 */
async function finish(db: Db, learners: number): Promise<number> {
  // A table, not a temporary one: the pool may run the next statements on other connections.
  await db.execute(sql`create unlogged table finishing as
    select distinct on (e.learner_id) e.id, e.learner_id, e.session_id, e.training_id, s.starts_at, s.ends_at
    from enrolments e join sessions s on s.id = e.session_id
    where s.ends_at < now() and e.learner_id in (
      select id from users where username ~ '^b[0-9]+$' order by username limit ${learners})
    order by e.learner_id, s.ends_at desc`);
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

const queued = (db: Db) => count(db, sql`select count(*)::int as n from certificate_jobs`);

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
