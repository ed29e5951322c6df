import path from "node:path";
import { expect, test } from "../fixtures/system";

const kioskUrl = () => process.env.E2E_KIOSK_URL!;

test("a trainee signs in on a post with AD, works in the VM, logs out; the trainer sees the kiosk presence", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await page.goto(kioskUrl());
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Salle Toulouse-Lautrec");
  await expect(page.getByText(process.env.E2E_KIOSK_TRAINING!).first()).toBeVisible();

  // A wrong password: the directory's message, and the post stays at its login screen.
  await page.getByLabel("Identifiant").fill("c.martin");
  await page.getByLabel("Mot de passe").fill("pas le bon");
  await page.getByLabel("Mot de passe").press("Enter");
  await expect(page.locator("#message")).toHaveText("Identifiant ou mot de passe incorrect.");

  await page.getByLabel("Mot de passe").fill("Tremplin-2026");
  await page.getByLabel("Mot de passe").press("Enter");
  const logout = page.getByRole("button", { name: /^Se déconnecter/ });
  await expect(logout).toBeVisible({ timeout: 120_000 });
  // KVM hangs on these machines: the agent probed it, fell back to TCG and says so.
  await expect(page.locator("#tcg-banner")).toContainText("sans accélération matérielle");
  const running = await (await page.request.get(`${kioskUrl()}/status`)).json();
  expect(running).toMatchObject({ state: "running", user: { username: "c.martin" }, accel: "tcg" });

  await expect(page.locator(".bar-who")).toHaveText("Session de Camille Martin");
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({
    path: path.join(import.meta.dirname, "../../docs/screens/kiosk-vm-session-1366x768.png"),
  });
  // Logging out asks first, saying the session's work will be erased.
  await logout.click();
  const dialog = page.getByRole("dialog", { name: /Se déconnecter \?/ });
  await expect(dialog).toContainText("Tout le travail de cette session sera effacé de ce poste");
  await dialog.getByRole("button", { name: /^Me déconnecter et tout effacer/ }).click();
  await expect(page.getByLabel("Identifiant")).toBeVisible({ timeout: 90_000 });
  const idle = await (await page.request.get(`${kioskUrl()}/status`)).json();
  expect(idle.state).toBe("idle");

  // The trainer, signed in with AD on the portal, sees the logon on the named post.
  const trainer = await browser.newPage({ locale: "fr-FR" });
  await trainer.goto("/connexion");
  await trainer.getByLabel("Identifiant ou adresse e-mail").fill("i.fabre");
  await trainer.getByLabel("Mot de passe").fill("Tremplin-2026");
  await trainer.getByRole("button", { name: "Se connecter" }).click();
  await expect(trainer.getByRole("banner")).toContainText("Isabelle Fabre");
  const row = trainer
    .getByRole("table", { name: "Présence des stagiaires pour la demi-journée en cours" })
    .getByRole("row")
    .filter({ hasText: "Camille Martin" });
  // The check-out travels through the post's outbox: look again until it has arrived.
  await expect(async () => {
    await trainer.goto(`/formateur/sessions/${process.env.E2E_KIOSK_SESSION_ID}`);
    await expect(row).toContainText("Déconnecté du poste ALB-S1-P01", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
