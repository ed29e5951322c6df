import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { startPortalStub } from "./testing/portal-stub";

const bin = fileURLToPath(new URL("../bin/tremplin-kiosk.mjs", import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function run(cwd: string, ...args: string[]) {
  return execa(process.execPath, [bin, ...args], { cwd, reject: false, timeout: 60_000 });
}

describe("tremplin-kiosk CLI", () => {
  it("registers once with a one-time code and keeps the token readable by its owner only", async () => {
    const tmp = await makeTmpDir("kiosk-cli-");
    const portal = await startPortalStub();
    cleanups.push(tmp.cleanup, () => portal.stop());
    const code = portal.issueCode();

    const ok = await run(
      tmp.dir,
      "register",
      "--portal",
      portal.url,
      "--code",
      code,
      "--token-file",
      "token",
    );
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain("Poste enregistré");
    expect((await readFile(path.join(tmp.dir, "token"), "utf8")).trim()).toBe(portal.token);
    expect((await stat(path.join(tmp.dir, "token"))).mode & 0o777).toBe(0o600);

    const again = await run(
      tmp.dir,
      "register",
      "--portal",
      portal.url,
      "--code",
      code,
      "--token-file",
      "token",
    );
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("déjà un jeton");

    const reused = await run(
      tmp.dir,
      "register",
      "--portal",
      portal.url,
      "--code",
      code,
      "--token-file",
      "t2",
    );
    expect(reused.exitCode).toBe(1);
    expect(reused.stderr).toContain("Code inconnu, déjà utilisé ou expiré");
  });

  it("lists every config error at once, in French, with exit code 1", async () => {
    const tmp = await makeTmpDir("kiosk-cli-");
    cleanups.push(tmp.cleanup);
    await writeFile(path.join(tmp.dir, "agent.json"), JSON.stringify({ room: 3, display: "x11" }));
    const r = await run(tmp.dir, "agent", "--config", "agent.json");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("Configuration invalide");
    for (const key of ["portal", "room", "post", "display", "directory"])
      expect(r.stderr).toContain(`  - ${key} : `);
    expect(r.stderr).not.toContain("    at ");
  });

  it("doctor: a checklist, and a non-zero exit when the post cannot serve", async () => {
    const tmp = await makeTmpDir("kiosk-cli-");
    const portal = await startPortalStub();
    cleanups.push(tmp.cleanup, () => portal.stop());
    await writeFile(path.join(tmp.dir, "token"), portal.token, { mode: 0o600 });
    const config = {
      portal: { url: portal.url, tokenFile: "token" },
      room: "Salle 1",
      post: "P01",
      dataDir: "data",
      mastersDir: "masters",
      overlayDir: "overlays",
      vm: { accelerator: "tcg" },
      // A port nothing listens on: the directory is unreachable.
      directory: { url: "ldaps://127.0.0.1:1", baseDn: "DC=formation,DC=example", timeoutMs: 1000 },
    };
    await writeFile(path.join(tmp.dir, "agent.json"), JSON.stringify(config));
    const r = await run(tmp.dir, "doctor", "--config", "agent.json");
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/✔ qemu-system-x86_64\s+QEMU emulator version/);
    expect(r.stdout).toMatch(/✔ UEFI\s+\/usr\/share\/OVMF\/OVMF_CODE_4M.fd/);
    expect(r.stdout).toMatch(/⚠ Accélération\s+TCG — TCG imposé par la configuration/);
    expect(r.stdout).toMatch(/✘ Annuaire\s+ldaps:\/\/127\.0\.0\.1:1 : .*ECONNREFUSED/);
    expect(r.stdout).toMatch(/✘ Masters\s+aucun master/);
    expect(r.stdout).toMatch(/✔ Horloge\s+écart avec le portail : [+-]\d+ s/);
    expect(r.stdout).toContain("Le poste NE PEUT PAS servir");
  });

  it("says which command it does not know, and shows its usage", async () => {
    const tmp = await makeTmpDir("kiosk-cli-");
    cleanups.push(tmp.cleanup);
    const r = await run(tmp.dir, "mirror");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("Commande inconnue : mirror");
    expect(r.stderr).toContain("tremplin-kiosk relay --config");
  });

  it("refuses to start a relay on a bad config or without a registered post's token, saying why", async () => {
    const tmp = await makeTmpDir("kiosk-cli-");
    cleanups.push(tmp.cleanup);
    await writeFile(
      path.join(tmp.dir, "relay.json"),
      JSON.stringify({
        upstream: { url: "http://portail.region.fr", tokenFile: "t" },
        storeDir: "s",
        capMbit: 5,
      }),
    );
    const bad = await run(tmp.dir, "relay", "--config", "relay.json");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/upstream\.url : le portail doit être en https/);
    expect(bad.stderr).toMatch(/capMbps/);
    expect(bad.stderr).toMatch(/trustedKeyFiles/);
    await writeFile(
      path.join(tmp.dir, "relay.json"),
      JSON.stringify({
        upstream: { url: "https://portail.region.fr", tokenFile: "device.token" },
        storeDir: "store",
        capMbps: 50,
        trustedKeyFiles: ["dsi.pub"],
      }),
    );
    const noToken = await run(tmp.dir, "relay", "--config", "relay.json");
    expect(noToken.exitCode).toBe(1);
    expect(noToken.stderr).toContain("Pas de jeton dans");
    expect(noToken.stderr).toContain("tremplin-kiosk register");
  });
});
