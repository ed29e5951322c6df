// Runs the real `portal/bin/tremplin-provision.mjs` against the real route handler (served over
// HTTP on loopback), a real database and a real Samba DC: exit codes, output, the passwords file.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "@tremplin/db/client";
import { createTestDatabase } from "@tremplin/db/testing";
import { authenticate } from "@tremplin/directory/authenticate";
import type { Directory } from "@tremplin/directory/client";
import { startTestDirectory, type TestDirectory } from "@tremplin/directory/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisioningRoutes } from "./provisioning-routes";
import { buildProvisioningWorld, type ProvisioningWorld } from "./test-fixtures";

const bin = fileURLToPath(new URL("../../bin/tremplin-provision.mjs", import.meta.url));
const token = randomBytes(24).toString("hex");
let ad: TestDirectory;
let database: Database;
let directory: Directory;
let world: ProvisioningWorld;
let server: Server;
let portal: string;
let work: string;

beforeAll(async () => {
  [ad, database] = await Promise.all([startTestDirectory(), createTestDatabase()]);
  directory = await ad.open({
    TREMPLIN_LDAP_BIND_DN: ad.dc.adminDn,
    TREMPLIN_LDAP_BIND_PASSWORD: ad.dc.adminPassword,
    TREMPLIN_LDAP_USERS_OU: `OU=Stagiaires-cli,${ad.dc.baseDn}`,
    TREMPLIN_LDAP_MUST_CHANGE_PASSWORD: "false",
  });
  world = await buildProvisioningWorld(database.db, new Date());
  const { createRun } = provisioningRoutes({
    getDb: async () => database.db,
    findDirectory: () => Promise.resolve(directory),
    token: () => token,
    findUser: async () => undefined,
  });
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url !== "/api/v1/provisioning/runs" || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    const response = await createRun(
      new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = await mkdtemp(path.join(tmpdir(), "tremplin-provision-"));
});
afterAll(async () => {
  server?.close();
  await directory?.close();
  await database?.close();
  await ad?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the binary with only these variables set; resolves with its exit code and output. */
function exec(args: string[], env: Record<string, string>) {
  return new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...env },
        timeout: 120_000,
        encoding: "utf8",
      },
      (error, stdout, stderr) => resolve({ exitCode: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}
const run = (args: string[], env: Record<string, string> = { TREMPLIN_PROVISIONING_TOKEN: token }) =>
  exec(["--portal", portal, ...args], env);

describe("tremplin-provision (the CLI for scheduled runs)", () => {
  it("creates the week's accounts, writes their passwords to a private file, then finds nothing to change", async () => {
    const session = await world.addSession(2);
    const [a, b] = [await world.addTrainee({ kind: "local" }), await world.addTrainee()];
    const external = await world.addTrainee({ kind: "external" });
    await world.enrol(session.id, [a, b, external]);
    const dir = path.join(work, "mots-de-passe");

    const first = await run(["--days", "7", "--passwords-dir", dir]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Provisionnement terminé — 2 créés, 0 mis à jour, 0 désactivé,/);
    expect(first.stdout).toContain(`créé        ${a.username}`);
    expect(first.stdout).toContain(`ignoré      ${external.username} : apprenant externe`);
    const [file] = await readdir(dir);
    expect(first.stderr).toContain(path.join(dir, file!));
    expect((await stat(path.join(dir, file!))).mode & 0o777).toBe(0o600);
    const csv = (await readFile(path.join(dir, file!), "utf8"))
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(csv[0]).toBe("session;identifiant;mot_de_passe_initial");
    const rows = csv.slice(1).map((line) => line.split(";"));
    expect(rows.map((r) => r[1]).sort()).toEqual([a.username, b.username].sort());
    for (const [, username, password] of rows) {
      expect(first.stdout + first.stderr).not.toContain(password!);
      const signedIn = await authenticate(directory, { login: username!, password: password! });
      expect(signedIn.ok).toBe(true);
    }

    const second = await run(["--days", "7", "--json"]);
    expect(second.exitCode, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report.totals).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(second.stdout).not.toContain("initialPassword");
  });

  it("exits 3 and names each failed account with its reason", async () => {
    const session = await world.addSession(3);
    const bad = await world.addTrainee({ kind: "local", username: "jean.dupont@exemple.fr" });
    const good = await world.addTrainee({ kind: "local" });
    await world.enrol(session.id, [bad, good]);
    const result = await run(["--session", session.id, "--no-sweep"]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/^Provisionnement incomplet — 1 créé,/);
    expect(result.stdout).toContain(`échec       ${bad.username} : identifiant AD invalide`);
    // No --passwords-dir: the password was neither asked for nor shown, and the CLI says so.
    expect(result.stderr).toContain(`non conservé (--passwords-dir absent) : ${good.username}`);
  });

  it("exits 1 on bad flags or a refused token, 2 when the portal cannot be reached", async () => {
    const badDays = await run(["--days", "90"]);
    expect(badDays.exitCode).toBe(1);
    expect(badDays.stderr).toContain("--days");
    const refused = await run(["--days", "7"], { TREMPLIN_PROVISIONING_TOKEN: "pas-le-bon-jeton" });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("Refusé par le portail (HTTP 401)");
    const noToken = await run(["--days", "7"], {});
    expect(noToken.exitCode).toBe(1);
    expect(noToken.stderr).toContain("TREMPLIN_PROVISIONING_TOKEN");
    const unreachable = await exec(["--portal", "http://127.0.0.1:59998", "--sweep-only"], {
      TREMPLIN_PROVISIONING_TOKEN: token,
    });
    expect(unreachable.exitCode).toBe(2);
    expect(unreachable.stderr).toContain("Portail injoignable");
  });
});
