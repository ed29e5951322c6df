import path from "node:path";
import { run } from "@tremplin/testkit/samba-dc";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "./authenticate";
import { parseDirectoryEnv } from "./config";
import { startSlowProxy } from "./testing/slow-proxy";
import { captureLogger, startTestDirectory, type TestDirectory } from "./testing/test-directory";

let t: TestDirectory;
let tmp: { dir: string; cleanup: () => Promise<void> };
let user: { username: string; password: string };
beforeAll(async () => {
  t = await startTestDirectory();
  tmp = await makeTmpDir("tremplin-directory-");
  user = await t.admin.createUser(await t.admin.createOu());
});
afterAll(async () => {
  await t?.stop();
  await tmp?.cleanup();
});

async function attempt(overrides: Record<string, string | undefined>, who = user) {
  const logger = captureLogger();
  const directory = await t.open(overrides, logger);
  try {
    const result = await authenticate(directory, { login: who.username, password: who.password });
    const code = result.ok ? "ok" : result.failure.code;
    // Every refusal leaves one log line naming its cause, and never the password.
    const logged = logger.lines.filter(
      (l) => l.level === "warn" && (l.fields as { code?: string }).code === code,
    );
    if (code !== "ok") expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(logger.lines)).not.toContain(who.password);
    return { code, result, logger };
  } finally {
    await directory.close();
  }
}

describe("the connection to the DC", () => {
  it("refuses a DC whose certificate another CA signed", async () => {
    const other = path.join(tmp.dir, "other-ca.pem");
    await run("openssl", [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Autre AC"],
      ...["-keyout", path.join(tmp.dir, "other-ca.key"), "-out", other],
    ]);
    const { code, result, logger } = await attempt({ TREMPLIN_LDAP_CA_FILE: other });
    expect(code).toBe("tls_untrusted");
    expect(!result.ok && result.failure.appCode).toBe("unavailable");
    expect(logger.lines[0]?.fields).toMatchObject({ code: "tls_untrusted" });
  });

  it("refuses a certificate that names another host", async () => {
    expect((await attempt({ TREMPLIN_LDAP_TLS_SERVERNAME: `autre.${t.dc.realm}` })).code).toBe(
      "tls_name_mismatch",
    );
    // By address with no name to check: the certificate carries no IP, so it does not match either.
    expect((await attempt({ TREMPLIN_LDAP_TLS_SERVERNAME: undefined })).code).toBe("tls_name_mismatch");
  });

  it("says so when a CA file is unreadable, at start-up rather than at sign-in", async () => {
    await expect(t.open({ TREMPLIN_LDAP_CA_FILE: path.join(tmp.dir, "missing.pem") })).rejects.toMatchObject({
      code: "config_invalid",
    });
  });

  it("reports an unreachable DC", async () => {
    expect((await attempt({ TREMPLIN_LDAP_URL: `ldaps://${t.dc.hostIp}:1` })).code).toBe("unreachable");
  });

  it("times out on a DC that accepts and never answers, instead of hanging", async () => {
    const proxy = await startSlowProxy({ host: t.dc.hostIp, port: 636 }, Number.POSITIVE_INFINITY);
    try {
      const slow = await attempt({
        TREMPLIN_LDAP_URL: `ldaps://127.0.0.1:${proxy.port}`,
        TREMPLIN_LDAP_TIMEOUT_MS: "300",
      });
      expect(slow.code).toBe("timeout");
    } finally {
      await proxy.close();
    }
  });

  it("waits for a slow DC within the timeout, and gives up past it", async () => {
    const proxy = await startSlowProxy({ host: t.dc.hostIp, port: 636 }, 150);
    try {
      const url = `ldaps://127.0.0.1:${proxy.port}`;
      expect((await attempt({ TREMPLIN_LDAP_URL: url, TREMPLIN_LDAP_TIMEOUT_MS: "5000" })).code).toBe("ok");
      expect((await attempt({ TREMPLIN_LDAP_URL: url, TREMPLIN_LDAP_TIMEOUT_MS: "100" })).code).toBe(
        "timeout",
      );
    } finally {
      await proxy.close();
    }
  });

  it("signs in over StartTLS on port 389", async () => {
    const startTls = { TREMPLIN_LDAP_URL: `ldap://${t.dc.hostIp}:389`, TREMPLIN_LDAP_STARTTLS: "true" };
    expect((await attempt(startTls)).code).toBe("ok");
    expect((await attempt({ ...startTls, TREMPLIN_LDAP_TLS_SERVERNAME: "autre.example" })).code).toBe(
      "tls_name_mismatch",
    );
  });

  it("refuses a plain ldap:// URL unless a lab allows it, and AD refuses the bind anyway", async () => {
    expect(() => parseDirectoryEnv(t.env({ TREMPLIN_LDAP_URL: `ldap://${t.dc.hostIp}:389` }))).toThrow(
      /ldap:\/\/ sans StartTLS/,
    );
    const plain = await attempt({
      TREMPLIN_LDAP_URL: `ldap://${t.dc.hostIp}:389`,
      TREMPLIN_LDAP_ALLOW_PLAIN: "true",
    });
    expect(plain.code).toBe("insecure_connection");
  });

  it("reuses one service connection, and pooled connections for the users' binds", async () => {
    const proxy = await startSlowProxy({ host: t.dc.hostIp, port: 636 }, 0);
    const directory = await t.open({ TREMPLIN_LDAP_URL: `ldaps://127.0.0.1:${proxy.port}` });
    try {
      const signIn = (password = user.password) =>
        authenticate(directory, { login: user.username, password });
      const parallel = await Promise.all(Array.from({ length: 6 }, () => signIn()));
      expect(parallel.every((r) => r.ok)).toBe(true);
      // Six binds at once need six connections, plus the single shared service connection.
      expect(proxy.connections()).toBe(7);
      // Later sign-ins, failed ones included, bind again on the same connections.
      expect((await signIn("Wrong-password-3")).ok).toBe(false);
      for (let i = 0; i < 5; i++) expect((await signIn()).ok).toBe(true);
      expect(proxy.connections()).toBe(7);
    } finally {
      await directory.close();
      await proxy.close();
    }
  });
});
