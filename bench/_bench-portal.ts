// What the benches that drive the portal share: a throw-away PostgreSQL with the migrated
// schema, a data folder, and the production build started the way production runs it.
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { type Db, openDatabase } from "@tremplin/db/client";
import { migrate } from "@tremplin/db/migrate";
import { buildPortal, startPortal } from "@tremplin/testkit/portal";
import { startPostgres } from "@tremplin/testkit/postgres";
import { freePort } from "@tremplin/testkit/processes";

/** The portal's NEXTAUTH_SECRET in the benches: their cookies are minted with it. */
export const benchSecret = "bench-secret-bench-secret-bench-secret-42";

export type BenchSystem = {
  db: Db;
  /** The portal's TREMPLIN_DATA_DIR (its mail outbox, its certificates). */
  dataDir: string;
  /** Builds (`.next-bench`) and starts the portal over this database; stopped with the rest. */
  startPortal(): Promise<{ url: string; processes: number }>;
};

/** Runs `body` against a fresh PostgreSQL database, then stops and removes everything it started. */
export async function withBenchSystem(name: string, body: (system: BenchSystem) => Promise<void>) {
  const pg = await startPostgres();
  const dataDir = await mkdtemp(path.join(tmpdir(), `tremplin-bench-${name}-`));
  const stops: (() => Promise<void>)[] = [
    () => pg.stop(),
    () => rm(dataDir, { recursive: true, force: true }),
  ];
  try {
    const databaseUrl = await pg.createDatabase("bench");
    const database = await openDatabase({ kind: "postgres", url: databaseUrl, poolSize: 4 });
    stops.push(() => database.close());
    await migrate(database.db);
    await body({
      db: database.db,
      dataDir,
      async startPortal() {
        const port = await freePort();
        const processes = availableParallelism();
        const env = {
          ...process.env,
          DATABASE_URL: databaseUrl,
          // Five connections per process, and so per core: PostgreSQL shares these cores. Measured
          // with two processes: 20 each cost PostgreSQL 0.52-0.55 ms of CPU per enrolment, 10 each
          // 0.46-0.48, 5 each 0.40-0.41, and self-enrolment went from 1,002 to 1,076 req/s.
          DATABASE_POOL_SIZE: "5",
          // As in production: one portal process per core (portal/bin/tremplin-portal.mjs).
          TREMPLIN_PORTAL_PROCESSES: String(processes),
          TREMPLIN_DATA_DIR: dataDir,
          NEXTAUTH_URL: `http://127.0.0.1:${port}`,
          NEXTAUTH_SECRET: benchSecret,
          NODE_ENV: "production" as const,
          LOG_LEVEL: "warn",
        };
        buildPortal(env, ".next-bench");
        const portal = await startPortal({ port, env, distDir: ".next-bench", quiet: true });
        stops.push(() => portal.stop());
        console.log(
          `Portal: production build on PostgreSQL, ${processes} processes, Node.js ${process.version}`,
        );
        return { url: `http://127.0.0.1:${port}`, processes };
      },
    });
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
  }
}
