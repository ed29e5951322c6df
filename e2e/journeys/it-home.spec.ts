import { desktop, shoot } from "../fixtures/screens";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

// The demo's rooms other than the kiosk's have no post registered, and nobody has provisioned
// the demo's sessions: IT's home has alerts to show, each leading to the page that fixes it.

test("IT's home lists what needs a look and leads to the page that fixes each", async ({ page }) => {
  await page.setViewportSize(desktop);
  await signIn(page, "s.garcia");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bonjour Sophie Garcia");
  const alerts = page.getByRole("region", { name: "Alertes" });
  await expect(alerts).not.toContainText("Rien à signaler.");
  await expect(alerts).toContainText(/\d+ salles? pas prêtes? pour demain/);
  await expect(alerts).toContainText("Aucun poste enregistré dans la salle.");
  await expect(alerts).toContainText(/\d+ sessions? à provisionner/);
  await expect(alerts).toContainText("jamais provisionnée");
  await expect(page.getByRole("navigation", { name: "Vos espaces" })).toContainText("Planning");
  await shoot(page, "it-home");

  await alerts.getByRole("link", { name: "Voir les salles de demain" }).click();
  await page.waitForURL(/\/dsi\/parc#tomorrow$/);
  await expect(
    page.getByRole("heading", { name: /^Salles prêtes pour les sessions de demain/ }),
  ).toBeVisible();
  await page.goto("/");
  await alerts.getByRole("link", { name: "Provisionner les comptes" }).click();
  await page.waitForURL(/\/dsi\/provisionnement$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
