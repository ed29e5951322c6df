import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import pg from "pg";

const PG_BIN = "/usr/lib/postgresql/15/bin";

export type PostgresCluster = {
  url: (db?: string) => string;
  /** Creates an empty database and returns its URL. */
  createDatabase: (name: string) => Promise<string>;
  port: number;
  dir: string;
  stop: () => Promise<void>;
  /**
   * Stops the server and starts it again on the same port and data, as an operator or a crash
   * would: `immediate` kills it without a checkpoint (crash recovery at start), `fast` ends
   * sessions cleanly. Clients see their connections drop and new ones refused for `downMs`.
   */
  restart: (options?: { mode?: "fast" | "immediate"; downMs?: number }) => Promise<void>;
};

/**
 * Starts a throw-away PostgreSQL 15 cluster from Debian's packages on a free loopback port.
 * `initdb` refuses root, so the cluster belongs to the `postgres` user (FACTS.md).
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), "tremplin-pg-"));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) {
    const { stdout } = await execa("id", ["-u", "postgres"]);
    const { stdout: gid } = await execa("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout), Number(gid));
  }
  const run = (bin: string, args: string[]) =>
    asPostgres
      ? execa("runuser", ["-u", "postgres", "--", `${PG_BIN}/${bin}`, ...args])
      : execa(`${PG_BIN}/${bin}`, args);
  const data = path.join(dir, "data");
  const port = await freePort();
  await run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const start = () =>
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      path.join(dir, "log"),
      "-w",
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
      "start",
    ]);
  await start();
  const url = (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    port,
    dir,
    url,
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`nom de base invalide : ${name}`);
      const admin = new pg.Client({ connectionString: url() });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop: async () => {
      await run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
    restart: async ({ mode = "fast", downMs = 0 } = {}) => {
      await run("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
