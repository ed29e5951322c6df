// IT's audit-log export over a period (decision 026): streamed from keyset batches, against the
// baseline of reading every row in one query and building the file in memory. Seeds N audit
// lines (default 300,000; `--rows`) in PGlite, or in PostgreSQL with DATABASE_URL, then exports
// the period both ways. Prints rows/s and the JS heap held at the peak for each, and the ratios:
// the stream's heap should stay flat whatever N, the baseline's grows with it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

// The export's modules are the portal's server code ("server-only"): run under its condition.
if (!process.execArgv.includes("--conditions=react-server")) {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, "--conditions=react-server", "--expose-gc", self, ...process.argv.slice(2)],
    // The portal's own `@/` paths resolve through its tsconfig.
    {
      stdio: "inherit",
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: fileURLToPath(new URL("../portal/tsconfig.json", import.meta.url)),
      },
    },
  );
  process.exit(run.status ?? 1);
}

const { openDatabase } = await import("@tremplin/db/client");
const { migrate } = await import("@tremplin/db/migrate");
const { listAuditBetween } = await import("@tremplin/db/queries/exports");
const { sql } = await import("drizzle-orm");
const { exportAuditLog } = await import("@tremplin/portal/exports/export-audit-log");
const { csvLine, exportDateTime } = await import("@tremplin/portal/exports/csv-stream");

const { values } = parseArgs({ options: { rows: { type: "string", default: "300000" } } });
const rows = Number(values.rows);
const url = process.env.DATABASE_URL;
const database = await openDatabase(url ? { kind: "postgres", url } : { kind: "pglite", dataDir: null });
const db = database.db;
await migrate(db);
const it = {
  id: "00000000-0000-4000-8000-0000000000e1",
  name: "Bench IT",
  username: "bench.it",
  roles: ["it_admin"],
};
const from = new Date("2026-11-01T00:00:00Z");
await db.execute(sql`insert into audit_log (at, actor_label, action, entity_type, entity_id, details)
  select ${from.toISOString()}::timestamptz + (i * interval '5 seconds'), 'Sophie Garcia (s.garcia)',
         'enrolment.created', 'session', gen_random_uuid()::text,
         jsonb_build_object('learnerId', gen_random_uuid(), 'learner', 'Stagiaire ' || i || ' (s.' || i || ')', 'by', 'it')
  from generate_series(1, ${rows}) i`);
// PGlite runs no autovacuum: the planner would not know the table grew without this.
await db.execute(sql`analyze audit_log`);
const period = { from: "2026-11-01", to: "2027-10-31" };

const heap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Time one pass; heap in another, collected before each sample (what is held, not garbage). */
async function streamed() {
  const pass = async (sample: boolean) => {
    const before = heap();
    let peak = 0;
    let bytes = 0;
    const reader = exportAuditLog(db, { actor: it, ...period }).stream.getReader();
    for (let n = 0; ; n++) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (sample && n % 10 === 0) peak = Math.max(peak, heap() - before);
    }
    return { peak, bytes };
  };
  const started = performance.now();
  const { bytes } = await pass(false);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, bytes, peak: (await pass(true)).peak };
}

async function inMemory() {
  const before = heap();
  const started = performance.now();
  const all = await listAuditBetween(db, {
    from,
    to: new Date("2027-11-01T00:00:00Z"),
    after: undefined,
    limit: rows + 1,
  });
  const file = `\uFEFF${all.map((r) => csvLine([exportDateTime(r.at), r.actorLabel, r.action, r.action, r.entityType, r.entityId ?? "", JSON.stringify(r.details), ""])).join("")}`;
  const seconds = (performance.now() - started) / 1000;
  return { seconds, peak: heap() - before, bytes: Buffer.byteLength(file) };
}

const stream = await streamed();
const baseline = await inMemory();
console.log(`audit-log export of ${rows.toLocaleString("en")} lines (${database.kind})`);
console.log(
  `  streamed (keyset batches of 2,000): ${(rows / stream.seconds).toFixed(0)} rows/s, peak heap +${mb(stream.peak)} MiB, ${mb(stream.bytes)} MiB sent`,
);
console.log(
  `  baseline (one query, in memory):  ${(rows / baseline.seconds).toFixed(0)} rows/s, peak heap +${mb(baseline.peak)} MiB, ${mb(baseline.bytes)} MiB built`,
);
console.log(
  `  ratio: speed ${(baseline.seconds / stream.seconds).toFixed(2)}× the baseline's, heap ${(stream.peak / baseline.peak).toFixed(3)}× the baseline's`,
);
await database.close();
