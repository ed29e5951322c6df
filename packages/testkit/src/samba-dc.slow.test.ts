import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { Client, InvalidCredentialsError } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SambaDc, startSambaDc } from "./samba-dc";
import { type DcAdmin, openDcAdmin, type TestUserState } from "./samba-dc-admin";
import { makeTmpDir } from "./tmpdir";

let dc: SambaDc;
let admin: DcAdmin;
beforeAll(async () => {
  dc = await startSambaDc();
  admin = await openDcAdmin(dc);
});
afterAll(async () => {
  await admin?.close();
  await dc?.stop();
});

async function bindError(dn: string, password: string, on: SambaDc = dc): Promise<string> {
  const client = new Client({
    url: on.ipUrl,
    tlsOptions: { ca: await readFile(on.caFile), servername: on.servername },
  });
  try {
    await client.bind(dn, password);
    return "ok";
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error;
    return /data ([0-9a-f]+)/.exec(error.message)?.[1] ?? error.message;
  } finally {
    await client.unbind();
  }
}

describe("samba-dc fixture", () => {
  it("serves LDAPS on its own loopback address with a certificate for <HOST>.<realm>", async () => {
    expect(dc.hostIp).toMatch(/^127\.0\.86\.(\d+)$/);
    expect(dc.url).toBe(`ldaps://${dc.servername}:636`);
    const { stdout } = await execa("openssl", [
      "x509",
      "-in",
      `${dc.dir}/private/tls/cert.pem`,
      "-noout",
      "-subject",
    ]);
    expect(stdout).toContain(`CN = ${dc.servername}`);
    const { stdout: addresses } = await execa("ip", ["-o", "-4", "addr", "show", "dev", "lo"]);
    expect(addresses).toContain(`${dc.hostIp}/32`);
  });

  it.each<[TestUserState, string]>([
    ["valid", "ok"],
    ["disabled", "533"],
    ["expired", "701"],
    ["must-change", "773"],
    ["password-expired", "532"],
    ["locked-out", "775"],
    ["outside-hours", "530"],
    ["wrong-workstation", "531"],
  ])("creates a %s user that AD answers with %s", async (state, expected) => {
    const ou = await admin.createOu();
    const user = await admin.createUser(ou, { state });
    expect(await bindError(user.upn, user.password)).toBe(expected);
  });

  it("makes role groups for trainers and IT", async () => {
    const ou = await admin.createOu();
    const roles = await admin.createRoleGroups(ou);
    const trainer = await admin.createUser(ou, { groups: [roles.trainer] });
    const { searchEntries } = await admin.client.search(trainer.dn, {
      scope: "base",
      attributes: ["memberOf"],
    });
    expect(searchEntries[0]?.memberOf).toBe(roles.trainer);
  });

  it("builds nested groups", async () => {
    const ou = await admin.createOu();
    const user = await admin.createUser(ou);
    const inner = await admin.createGroup(ou, undefined, [user.dn]);
    const outer = await admin.createGroup(ou, undefined, [inner]);
    const { searchEntries } = await admin.client.search(dc.baseDn, {
      filter: `(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=${user.dn}))`,
      attributes: ["1.1"],
    });
    expect(searchEntries.map((e) => e.dn).sort()).toEqual([inner, outer].sort());
  });
});

describe("persistent mode", () => {
  it("provisions once, then reuses the same domain and its data", async () => {
    const tmp = await makeTmpDir("tremplin-dc-persist-");
    try {
      const first = await startSambaDc({ persistentDir: `${tmp.dir}/samba` });
      const firstAdmin = await openDcAdmin(first);
      const ou = await firstAdmin.createOu();
      const user = await firstAdmin.createUser(ou);
      await firstAdmin.close();
      await first.stop();
      expect(await isListening(first.hostIp)).toBe(false);

      const second = await startSambaDc({ persistentDir: `${tmp.dir}/samba` });
      try {
        expect(second.adminPassword).toBe(first.adminPassword);
        expect(second.hostIp).toBe(first.hostIp);
        expect(await bindError(user.upn, user.password, second)).toBe("ok");
      } finally {
        await second.stop();
      }
    } finally {
      await tmp.cleanup();
    }
  });
});

async function isListening(host: string): Promise<boolean> {
  const result = await execa("bash", ["-c", `exec 3<>/dev/tcp/${host}/636`], { reject: false });
  return result.exitCode === 0;
}
