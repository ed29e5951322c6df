// The learner's portal under load (issue 5, Performance): the production build on PostgreSQL,
// seeded to 640,000 enrolments, driven by autocannon on loopback. Reports, from one run:
//  - throughput at saturation (50 connections): "Mes formations" against a trivial dynamic page
//    of the same build (target ≥ 50 %), self-enrolment (POST) against a trivial route (≥ 50 %);
//  - p99 latency at a fixed 100 requests/s for both (target ≤ 100 ms);
//  - SQL statements per request (no N+1) and the indexes the plans use;
//  - the seeding time (target < 2 min).
// Exits non-zero only if a session ended up over capacity, or an enrolment or its confirmation
// e-mail was lost, or an enrolment doubled.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@tremplin/db/client";
import { resultRows } from "@tremplin/db/migrate";
import { sql } from "drizzle-orm";
import { type CannonRequest, type CannonResult, cannon } from "./_autocannon";
import { type BenchSystem, benchSecret, withBenchSystem } from "./_bench-portal";
import {
  cookies,
  isFutureSession,
  learnerId,
  scale,
  seedCatalogue,
  seedLearners,
  sessionId,
} from "./_portal-seed";

/** Learners [0, regional) make the regional database; the readers are the first of them. */
const regional = 3_000;
/** Seconds of the fixed load run before it is measured (see measure()). */
const warmupSeconds = 3;
const now = new Date();
await withBenchSystem("portal", run);

async function run({ db, dataDir, startPortal }: BenchSystem) {
  const seedStarted = performance.now();
  await seedCatalogue(db, now);
  // A regional database first (30,000 enrolments), then the national one.
  await seedLearners(db, now, 0, regional);

  const { url } = await startPortal();
  const readers = await cookies(db, benchSecret, 0, scale.readers);

  const regionalSeconds = (performance.now() - seedStarted) / 1000;
  console.log(`\n== ${(await countEnrolments(db)).toLocaleString("fr-FR")} enrolments ==`);
  const target = { db, url, outbox: path.join(dataDir, "mail-outbox") };
  const small = await measure(
    target,
    readers,
    scale.readers,
    await cookies(db, benchSecret, scale.readers, regional),
  );

  const started = performance.now();
  const total = await seedLearners(db, now, regional, scale.learners);
  const seconds = regionalSeconds + (performance.now() - started) / 1000;
  console.log(
    `\n== ${total.toLocaleString("fr-FR")} enrolments == seeded in ${seconds.toFixed(1)} s in all (target < 120 s)`,
  );
  await explain(db);
  const large = await measure(
    target,
    readers,
    regional,
    await cookies(db, benchSecret, regional, regional + 10_000),
  );

  const ok = [small, large].every((m) => m.over === 0 && m.lost === 0 && m.doubled === 0 && m.unmailed === 0);
  if (!ok) process.exitCode = 1;
}

/**
 * One round of measures against the database as it stands: saturation, fixed load, statements
 * per page. `writers` (learners from `firstWriter` on) enrol, each with their own cookie, so the
 * per-learner rate limit never bites.
 */
async function measure(
  { db, url, outbox }: { db: Db; url: string; outbox: string },
  readers: string[],
  firstWriter: number,
  writers: string[],
) {
  const accepted: string[] = [];
  const onResponse = (status: number, body: string) => {
    if (status === 201) accepted.push((JSON.parse(body) as { enrolmentId: string }).enrolmentId);
  };
  let nextPage = 0;
  let nextWrite = 0;
  const get =
    (path: string) =>
    (req: CannonRequest): CannonRequest => ({
      ...req,
      method: "GET",
      path,
      headers: { cookie: readers[nextPage++ % readers.length]! },
    });
  const controlPost = (req: CannonRequest): CannonRequest => ({
    ...req,
    method: "POST",
    path: "/api/v1/learning/temoin",
    headers: { "content-type": "application/json", cookie: writers[0]! },
    body: "{}",
  });
  const enrol = (req: CannonRequest): CannonRequest => {
    const n = nextWrite++;
    const k = n % writers.length;
    return {
      ...req,
      method: "POST",
      path: "/api/v1/learning/enrolments",
      headers: { "content-type": "application/json", cookie: writers[k]! },
      body: JSON.stringify({ sessionId: sessionId(freshSession(firstWriter + k, n)) }),
    };
  };
  const load = async (
    setupRequest: (r: CannonRequest) => CannonRequest,
    over: { duration?: number; overallRate?: number; warmup?: number } = {},
  ) => {
    // autocannon stops with requests still in flight (up to 50 at saturation): let the portal
    // finish them before the next measure starts, or they are counted against it.
    await new Promise((r) => setTimeout(r, 2_000));
    const connections = over.overallRate ? 10 : 50;
    return cannon({
      url,
      connections,
      duration: over.duration ?? 10,
      ...(over.overallRate ? { overallRate: over.overallRate } : {}),
      ...(over.warmup ? { warmup: { connections, duration: over.warmup } } : {}),
      requests: [{ setupRequest, onResponse }],
    });
  };

  const since = new Date();
  for (const warm of [get("/catalogue/temoin"), get("/mes-formations"), controlPost])
    await load(warm, { duration: 3 });
  // Statements are counted database-wide: first let the mail worker finish the last round's mails.
  const drained = await waitForEmptyMailQueue(db);
  const perRequest = await statementsPerRequest(db, () =>
    load(get("/mes-formations"), { duration: 5, overallRate: 50 }),
  );
  await load(enrol, { duration: 3 });
  accepted.length = 0;
  const beforeEnrol = await countEnrolments(db);
  // Each ratio's two sides are measured in alternating slices, control, subject, subject,
  // control, 5 s each: 10 s in all for each side, as one slice each used to be. The machine
  // shares its cores and its speed varies: measured one after the other, over four rounds, the
  // trivial route ranged from 1,459 to 1,971 req/s and self-enrolment from 866 to 946. In
  // alternation both sides see the same machine, and in this order a steady drift weighs on both
  // alike.
  const alternate = async (
    control: (r: CannonRequest) => CannonRequest,
    subject: (r: CannonRequest) => CannonRequest,
  ) => {
    const first = await load(control, { duration: 5 });
    const subjects = [await load(subject, { duration: 5 }), await load(subject, { duration: 5 })];
    return [combine([first, await load(control, { duration: 5 })]), combine(subjects)] as const;
  };
  const [controlPage, myTrainings] = await alternate(get("/catalogue/temoin"), get("/mes-formations"));
  const [controlRoute, selfEnrolment] = await alternate(controlPost, enrol);
  const saturation = { controlPage, myTrainings, controlRoute, enrol: selfEnrolment };
  // The enrolment flood above queued thousands of confirmation e-mails, which the portal's own
  // worker then writes at 50/s for minutes. A fixed load measured meanwhile would measure that
  // backlog too: it is left to drain first, as load() lets in-flight requests finish.
  const backlog = await waitForEmptyMailQueue(db);
  console.log(
    `mail backlog of the saturation runs: written in ${backlog?.toFixed(0) ?? 0} s before the fixed load`,
  );
  // The fixed load is the steady state at 100 req/s, measured after `warmupSeconds` of that same
  // load. After the idle minutes above, the first second costs more (measured: its slowest
  // requests near 150 ms, against 50–70 ms later). Its cause is not pinned down: V8 shrinks an idle
  // heap, and the pool closes idle connections, but neither `--no-memory-reducer` nor a pool that
  // keeps them made that first second fast. The warm-up's own p99 is printed, so the cold start
  // stays in view.
  const fixed = {
    myTrainings: await load(get("/mes-formations"), { overallRate: 100, warmup: warmupSeconds }),
    enrol: await load(enrol, { overallRate: 100, warmup: warmupSeconds }),
  };
  report(saturation, fixed, perRequest);
  const created = (await countEnrolments(db)) - beforeEnrol;
  const lost = await missing(db, accepted);
  const doubled = await duplicates(db);
  const over = await overbooked(db, since);
  const mails = await confirmations(db, outbox, accepted);
  console.log(
    `integrity: ${accepted.length} enrolments acknowledged (201), ${created} rows created (requests in flight when a run stops are not counted by autocannon); ${lost} acknowledged but missing, ${doubled} doubled, ${over} session(s) over capacity`,
  );
  console.log(
    `confirmation e-mails of the acknowledged enrolments: ${mails.written} in the outbox, ${mails.queued} still queued (written at TREMPLIN_MAIL_PER_SECOND, 50/s by default), ${mails.missing} missing${drained === undefined ? "" : `; the previous round's were all written ${drained.toFixed(0)} s into this one`}`,
  );
  return { lost, doubled, over, unmailed: mails.missing };
}

/**
 * Slices of one measure taken apart, as one: requests a second averaged over them (their lengths
 * are equal), counts added, and each latency percentile the worse of the slices'.
 */
function combine(slices: CannonResult[]): CannonResult {
  const sum = (f: (r: CannonResult) => number) => slices.reduce((t, r) => t + f(r), 0);
  const worst = (f: (r: CannonResult) => number) => Math.max(...slices.map(f));
  return {
    requests: {
      average: sum((r) => r.requests.average) / slices.length,
      total: sum((r) => r.requests.total),
    },
    latency: {
      p50: worst((r) => r.latency.p50),
      p99: worst((r) => r.latency.p99),
      average: sum((r) => r.latency.average * r.requests.total) / sum((r) => r.requests.total),
    },
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
  };
}

/** A future session learner `i` is not in yet (their seeded ones are 7i + 1999k mod S). */
function freshSession(i: number, n: number): number {
  const total = scale.trainings * scale.sessionsPerTraining;
  const taken = new Set(Array.from({ length: scale.perLearner }, (_, k) => (7 * i + 1999 * k) % total));
  for (let s = (n * 7919 + i) % total; ; s = (s + 1) % total)
    if (isFutureSession(s) && !taken.has(s)) return s;
}

/** The `n` of a one-row count query. */
async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  return resultRows<{ n: number }>(await db.execute(query))[0]!.n;
}

function countEnrolments(db: Db) {
  return count(db, sql`select count(*)::int as n from enrolments`);
}

/** Waits until the mail worker has written every queued mail; the seconds it took, if it had any. */
async function waitForEmptyMailQueue(db: Db): Promise<number | undefined> {
  const started = performance.now();
  const queued = () => count(db, sql`select count(*)::int as n from mail_jobs`);
  if ((await queued()) === 0) return undefined;
  while ((await queued()) > 0) {
    if (performance.now() - started > 600_000) throw new Error("mail queue not drained after 10 min");
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return (performance.now() - started) / 1000;
}

/**
 * Where the confirmation of each acknowledged enrolment is: still queued, or in the outbox (its
 * Message-ID names the enrolment). Jobs are read first: the worker writes a mail's file before it
 * deletes its job, so a mail sent in between is found in both places rather than in neither.
 */
async function confirmations(db: Db, outbox: string, ids: string[]) {
  const jobs = resultRows<{ id: string }>(
    await db.execute(sql`select enrolment_id as id from mail_jobs where kind in ('enrolled', 'waitlisted')`),
  );
  const queued = new Set(jobs.map((j) => j.id));
  const dir = outbox;
  const written = new Set<string>();
  for (const name of (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".eml"))) {
    const head = (await readFile(path.join(dir, name), "utf8")).split("\r\n\r\n")[0]!;
    // Headers may be folded (RFC 5322 §2.2.3: a long Message-ID goes on a line of its own).
    const unfolded = head.replace(/\r\n[ \t]+/g, " ");
    const id = /^Message-ID: <(?:enrolled|waitlisted)\.([0-9a-f-]{36})@/m.exec(unfolded)?.[1];
    if (id) written.add(id);
  }
  const unique = [...new Set(ids)];
  return {
    queued: unique.filter((id) => queued.has(id)).length,
    written: unique.filter((id) => written.has(id)).length,
    missing: unique.filter((id) => !queued.has(id) && !written.has(id)).length,
  };
}

async function missing(db: Db, ids: string[]) {
  if (ids.length === 0) return 0;
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return (
    new Set(ids).size -
    (await count(db, sql`select count(*)::int as n from enrolments where id in (${list})`))
  );
}

function duplicates(db: Db) {
  return count(
    db,
    sql`select count(*)::int as n from (select 1 from enrolments where status <> 'cancelled'
    group by learner_id, session_id having count(*) > 1) d`,
  );
}

/**
 * Sessions that gave more seats during the run than they had free when it began (the seeding of
 * the national database fills sessions without looking at capacity, so a plain count would blame
 * the seeding).
 */
function overbooked(db: Db, since: Date) {
  return count(
    db,
    sql`select count(*)::int as n from (
      select s.capacity,
             count(*) filter (where e.created_at < ${since.toISOString()}) as before,
             count(*) filter (where e.created_at >= ${since.toISOString()}) as during
      from sessions s join enrolments e on e.session_id = s.id and e.status in ('enrolled', 'completed')
      group by s.id, s.capacity) x
    where during > greatest(0, capacity - before)`,
  );
}

/** Statements the database ran per request, from its own transaction counter (each statement outside a transaction is one). */
async function statementsPerRequest(db: Db, drive: () => Promise<CannonResult>) {
  const read = async () => {
    // PostgreSQL 15 backends flush their counters when idle, at most every 10 s.
    await new Promise((r) => setTimeout(r, 11_000));
    await db.execute(sql`select pg_stat_force_next_flush()`);
    return count(db, sql`select xact_commit::int as n from pg_stat_database where datname = 'bench'`);
  };
  const before = await read();
  const result = await drive();
  const after = await read();
  // The two reads themselves are two statements each.
  return (after - before - 4) / result.requests.total;
}

async function explain(db: Db) {
  const learner = learnerId(42);
  const plans: [string, ReturnType<typeof sql>][] = [
    [
      "Mes formations: enrolments of a learner",
      sql`select e.id from enrolments e join trainings t on t.id = e.training_id left join sessions s on s.id = e.session_id where e.learner_id = ${learner} and e.status <> 'cancelled'`,
    ],
    [
      "Mes formations: modules and progress",
      sql`select m.id, p.status from modules m left join progress p on p.module_id = m.id and p.learner_id = ${learner} where m.training_id in (select training_id from enrolments where learner_id = ${learner})`,
    ],
    [
      // The seats held are columns of the session row (kept by triggers): no count on enrolments.
      "Enrolment: the learner's live enrolment in the session",
      sql`select 1 from enrolments where learner_id = ${learner} and session_id = ${sessionId(1234)} and status <> 'cancelled'`,
    ],
    [
      "Enrolment: rate limit window",
      sql`select count(*) from enrolments where learner_id = ${learner} and created_at > now() - interval '1 minute'`,
    ],
  ];
  for (const [name, query] of plans) {
    const rows = resultRows<{ "QUERY PLAN": string }>(await db.execute(sql`explain ${query}`));
    const indexes = [
      ...new Set(
        rows.flatMap((r) =>
          [
            ...r["QUERY PLAN"].matchAll(
              /(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g,
            ),
          ].map((m) => m[1]!),
        ),
      ),
    ];
    const seq = rows.some((r) => /Seq Scan on (enrolments|progress)/.test(r["QUERY PLAN"]));
    console.log(
      `plan — ${name}: ${indexes.join(", ") || "no index"}${seq ? " (SEQUENTIAL SCAN on a big table)" : ""}`,
    );
  }
}

function report(s: Record<string, CannonResult>, f: Record<string, CannonResult>, statements: number) {
  const rps = (r: CannonResult) => r.requests.average;
  const line = (label: string, r: CannonResult) =>
    console.log(
      `${label.padEnd(44)} ${rps(r).toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
    );
  console.log(
    "\nsaturation, 50 connections, 10 s each in two 5-s slices (control, subject, subject, control; p50 and p99: the worse slice)",
  );
  line("  trivial dynamic page (/catalogue/temoin)", s.controlPage!);
  line("  Mes formations", s.myTrainings!);
  line("  trivial route handler (POST)", s.controlRoute!);
  line("  self-enrolment (POST)", s.enrol!);
  console.log(`fixed offered load, 100 requests/s, 10 s each after ${warmupSeconds} s of the same load`);
  line("  Mes formations", f.myTrainings!);
  line("  self-enrolment (POST)", f.enrol!);
  for (const [label, r] of [
    ["Mes formations", f.myTrainings!],
    ["self-enrolment (POST)", f.enrol!],
  ] as const)
    if (r.warmup) line(`  its first ${warmupSeconds} s, not counted: ${label}`, r.warmup);
  const ratio = (a: CannonResult, b: CannonResult) => (100 * rps(a)) / rps(b);
  console.log(
    `\nMes formations / trivial page: ${ratio(s.myTrainings!, s.controlPage!).toFixed(1)} % (target ≥ 50 %)`,
  );
  console.log(
    `self-enrolment / trivial route: ${ratio(s.enrol!, s.controlRoute!).toFixed(1)} % (target ≥ 50 %)`,
  );
  console.log(
    `p99 at 100 req/s: Mes formations ${f.myTrainings!.latency.p99} ms, self-enrolment ${f.enrol!.latency.p99} ms (target ≤ 100 ms)`,
  );
  console.log(
    `SQL statements per "Mes formations" request: ${statements.toFixed(2)} (constant whatever the number of trainings: no N+1)`,
  );
}
