// Runs the real portal/bin/tremplin-provision.mjs against a stand-in for the portal's route (the
// whole run against a real portal and Samba DC is cli.slow.test.ts): the exit code of each kind
// of ending, the same table as the other CLIs (user error 1, bug 70 with its stack).
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/tremplin-provision.mjs", import.meta.url));
let reply: { status: number; body: unknown } = { status: 500, body: {} };
let server: Server;
let portal: string;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume().on("end", () => {
      res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tmp = await makeTmpDir("tremplin-provision-cli-");
});
afterAll(async () => {
  server?.close();
  await tmp?.cleanup();
});

function run(args: string[]) {
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, "--portal", portal, ...args],
      {
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", TREMPLIN_PROVISIONING_TOKEN: "jeton" },
        timeout: 60_000,
        encoding: "utf8",
      },
      (error, stdout, stderr) => resolve({ exitCode: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

const answer = (status: "succeeded" | "partial", password?: string) => ({
  runId: randomUUID(),
  status,
  startedAt: "2026-12-02T02:30:00.000Z",
  finishedAt: "2026-12-02T02:30:02.000Z",
  scope: { kind: "upcoming", days: 7 },
  sessions: [
    {
      label: "Bureautique — 7 décembre",
      report: {
        created: [{ username: "lea.andre", dn: "CN=lea.andre", initialPassword: password }],
        updated: [],
        disabled: [],
        unchanged: [],
        failed: status === "partial" ? [{ username: "x", reason: "identifiant AD invalide" }] : [],
      },
      skipped: [],
    },
  ],
  sweep: null,
  totals: {
    created: 1,
    updated: 0,
    disabled: 0,
    unchanged: 0,
    failed: status === "partial" ? 1 : 0,
    skipped: 0,
  },
  recorded: true,
});

describe("tremplin-provision exit codes", () => {
  it("0 when all is done, 3 when some accounts failed", async () => {
    reply = { status: 201, body: answer("succeeded") };
    expect((await run(["--days", "7"])).exitCode).toBe(0);
    reply = { status: 201, body: answer("partial") };
    const partial = await run(["--days", "7"]);
    expect(partial.exitCode).toBe(3);
    expect(partial.stdout).toContain("échec       x : identifiant AD invalide");
  }, 120_000);

  it("2 when the portal fails, 1 when it answers something else than a run", async () => {
    reply = { status: 503, body: { error: { code: "unavailable", message: "Annuaire injoignable." } } };
    const down = await run(["--days", "7"]);
    expect(down.exitCode).toBe(2);
    expect(down.stderr).toContain(
      "tremplin-provision : Refusé par le portail (HTTP 503) : Annuaire injoignable.",
    );
    reply = { status: 201, body: { runId: "pas-un-rapport" } };
    const odd = await run(["--days", "7"]);
    expect(odd.exitCode).toBe(1);
    expect(odd.stderr).toContain("réponse inattendue (HTTP 201)");
    expect(odd.stderr).not.toContain("please report");
  }, 120_000);

  it("70 with the stack and a request to report it on a bug (here: the passwords folder is a file)", async () => {
    const notADir = path.join(tmp.dir, "fichier");
    await writeFile(notADir, "");
    reply = { status: 201, body: answer("succeeded", "S3cret-initial!") };
    const result = await run(["--days", "7", "--passwords-dir", notADir]);
    expect(result.exitCode).toBe(70);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr).toContain("merci de la signaler (please report)");
    expect(result.stdout + result.stderr).not.toContain("S3cret-initial!");
  }, 120_000);
});
