import { constants } from "node:fs";
import { access, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { AppError } from "@tremplin/domain/errors";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { releaseOnFailedBegin } from "./pool-guard";
import * as schema from "./schema/index";

export { schema };
/** The drizzle handle both engines give: queries are written once against it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseOptions =
  | { kind: "pglite"; dataDir: string | null }
  | { kind: "postgres"; url: string; poolSize?: number };

export type Database = {
  db: Db;
  kind: DatabaseOptions["kind"];
  /** Where it lives, for logs: a folder or a host:port, never a password. */
  location: string;
  ping(): Promise<void>;
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
};

/** Opens the database the options name and checks it answers; errors say what to fix. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === "pglite" ? openPglite(options) : openPostgres(options);
}

async function openPglite(options: Extract<DatabaseOptions, { kind: "pglite" }>): Promise<Database> {
  if (options.dataDir) await assertWritableDir(options.dataDir);
  return pgliteDatabase(await PGlite.create(options.dataDir ?? undefined), options.dataDir ?? "(mémoire)");
}

/** A PGlite instance already open as a `Database` (the tests open theirs from a migrated copy). */
export function pgliteDatabase(client: PGlite, location: string): Database {
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    location,
    ping: async () => void (await client.query("select 1")),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => client.close(),
  };
}

async function openPostgres(options: Extract<DatabaseOptions, { kind: "postgres" }>): Promise<Database> {
  const target = describeUrl(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A dropped server connection surfaces here; the pool replaces the client on next use.
  pool.on("error", () => {});
  // The pool listens for errors on idle clients only. A client checked out (inside a
  // transaction, between two statements) when PostgreSQL restarts emits "Connection terminated
  // unexpectedly" with no listener: an uncaught exception that kills the process. Its query
  // fails anyway and the pool discards it on release, so the event itself needs no handling.
  pool.on("connect", (client) => client.on("error", () => {}));
  releaseOnFailedBegin(pool);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const database: Database = {
    db,
    kind: "postgres",
    location: target,
    ping: async () => void (await pool.query("select 1")),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
  try {
    await database.ping();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new AppError("unavailable", `PostgreSQL injoignable (${target}) : ${reason(error)}`, {
      cause: error,
    });
  }
  return database;
}

/** Writes and removes a probe file: `access()` lies for root and for read-only mounts. */
async function assertWritableDir(dir: string): Promise<void> {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    await writeFile(probe, "");
    await rm(probe);
  } catch (error) {
    throw new AppError("config_invalid", `Impossible d'écrire dans ${dir} : ${reason(error)}`, {
      cause: error,
    });
  }
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "(URL illisible)";
  }
}

/** The driver's own words: its error code (ECONNREFUSED, 28P01…) and message, under any wrapper. */
function reason(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause) return reason(cause);
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") {
    const message = error instanceof Error ? error.message : "";
    return message ? `${error.code} — ${message}` : error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
