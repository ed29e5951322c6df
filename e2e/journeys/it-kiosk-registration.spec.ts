import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "../fixtures/system";

const cli = path.resolve(import.meta.dirname, "../../kiosk/bin/tremplin-kiosk.mjs");
const run = promisify(execFile);

test("IT issues a one-time code, a post registers with it once, and IT revokes it", async ({
  page,
  baseURL,
}) => {
  const label = "TAR-S1-P05";
  await page.goto("/connexion?callbackUrl=/dsi/salles");
  await page.getByLabel("Identifiant ou adresse e-mail").fill("s.garcia");
  await page.getByLabel("Mot de passe").fill("Tremplin-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sites et salles" })).toBeVisible();

  // Rooms are folded; IT opens the one of the post.
  await page.getByText("Salle Pic du Midi", { exact: true }).click();
  await page.getByRole("button", { name: `Générer un code d'enregistrement pour ${label}` }).click();
  const code = (await page.getByText(`Code pour ${label} :`).locator("code").textContent())?.trim();
  expect(code).toMatch(/^[A-Z0-9-]{6,}$/);

  const dir = await mkdtemp(path.join(tmpdir(), "tremplin-register-"));
  try {
    const tokenFile = path.join(dir, "device-token");
    const register = (args: string[]) =>
      run(process.execPath, [
        cli,
        "register",
        "--portal",
        baseURL!,
        "--code",
        code!,
        "--token-file",
        tokenFile,
        ...args,
      ])
        .then((r) => ({ code: 0, output: r.stdout + r.stderr }))
        .catch((e) => ({ code: e.code as number, output: String(e.stdout) + String(e.stderr) }));

    const first = await register([]);
    expect(first.code).toBe(0);
    expect(first.output).toContain(label);
    // The device token is the post's only credential: readable by its owner alone.
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);

    const again = await register(["--force"]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/code/i);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  await page.reload();
  await page.getByText("Salle Pic du Midi", { exact: true }).click();
  const row = page.getByRole("row").filter({ hasText: label });
  await expect(row).not.toContainText("Non enregistré");
  await row.getByText("Révoquer…").click();
  await page.getByLabel(`Motif de la révocation du poste ${label}`).fill("Poste volé (test e2e)");
  await page.getByRole("button", { name: `Révoquer ${label}` }).click();
  await expect(page.getByRole("row").filter({ hasText: label })).toContainText("Révoqué");
});
