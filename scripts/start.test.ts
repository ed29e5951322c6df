import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tremplin-start-"));
  await chmod(dir, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `scripts/start.ts` as `npm start` would and returns its exit code and output. */
async function start(env: Record<string, string>, asUser?: string) {
  const command = asUser ? "runuser" : tsx;
  const args = asUser ? ["-u", asUser, "--", tsx, "scripts/start.ts"] : ["scripts/start.ts"];
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: root,
      env: childEnv({ PATH: process.env.PATH, HOME: dir, TSX_DISABLE_CACHE: "1", ...env }),
      timeout: 60_000,
    });
    return { code: 0, output: stderr, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stderr, stdout: e.stdout };
  }
}

/** Exactly one error line, naming the problem: no stack trace. */
function expectOneClearLine(output: string, pattern: RegExp) {
  const lines = output.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(output).not.toMatch(/\bat .+:\d+:\d+/);
}

describe("npm start refuses bad settings with one clear line", () => {
  it("a malformed DATABASE_URL", async () => {
    const { code, output } = await start({ DATABASE_URL: "mysql://nope", TREMPLIN_DATA_DIR: dir });
    expect(code).toBe(2);
    expectOneClearLine(output, /DATABASE_URL: attendu : une URL postgres:\/\//);
  });

  it("several bad variables at once, each named", async () => {
    const { code, output } = await start({ PORT: "soixante", LOG_LEVEL: "bavard", TREMPLIN_DATA_DIR: dir });
    expect(code).toBe(2);
    expectOneClearLine(output, /PORT: .*LOG_LEVEL: |LOG_LEVEL: .*PORT: /);
  });

  it("an unreachable PostgreSQL", async () => {
    const port = await closedPort();
    const { code, output } = await start({
      DATABASE_URL: `postgres://tremplin@127.0.0.1:${port}/tremplin`,
      TREMPLIN_DATA_DIR: dir,
      PORT: String(await closedPort()),
    });
    expect(code).toBe(1);
    expectOneClearLine(
      output,
      new RegExp(`PostgreSQL injoignable \\(127\\.0\\.0\\.1:${port}/tremplin\\).*ECONNREFUSED`),
    );
  });

  it("a port already in use", async () => {
    const server = await listen();
    const port = (server.address() as { port: number }).port;
    const { code, output } = await start({ PORT: String(port), TREMPLIN_DATA_DIR: dir });
    server.close();
    expect(code).toBe(1);
    expectOneClearLine(output, new RegExp(`Le port ${port} est déjà utilisé`));
  });

  it.runIf(process.getuid?.() === 0)("a data folder it may not write to", async () => {
    const readOnly = path.join(dir, "lecture-seule");
    await import("node:fs/promises").then((fs) => fs.mkdir(readOnly, { mode: 0o755 }));
    const { code, output } = await start(
      { TREMPLIN_DATA_DIR: readOnly, PORT: String(await closedPort()) },
      "nobody",
    );
    expect(code).toBe(1);
    expectOneClearLine(output, /Impossible d'écrire dans .*lecture-seule.*EACCES/);
  });
});

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

async function closedPort(): Promise<number> {
  const server = await listen();
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Next's types make NODE_ENV required in a process environment; these runs must not set it. */
function childEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return vars as NodeJS.ProcessEnv;
}
