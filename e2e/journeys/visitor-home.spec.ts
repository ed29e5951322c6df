import { registerLearner, submitSignIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

test("a visitor sees the French home page with the demo catalogue figures", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bienvenue sur Tremplin");
  await expect(page.getByRole("list", { name: "Chiffres clés" })).toContainText("12 formations au catalogue");
  await expect(page.getByRole("list", { name: "Chiffres clés" })).toContainText("3 sites");
});

test("the language switch turns the interface to English and back", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Tremplin");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "Passer en français" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bienvenue sur Tremplin");
});

test("health answers with the database state and the version", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({
    status: "ok",
    db: "ok",
    version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
  });
});

test("an external learner registers, signs in and sees their name in the header", async ({ page }) => {
  const email = await registerLearner(page, "visiteur", {
    name: "Élise Dupré",
    password: "un mot de passe solide",
  });

  await submitSignIn(page, email, "mauvais mot de passe");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Identifiant ou mot de passe incorrect.",
  );

  await page.getByLabel("Mot de passe").fill("un mot de passe solide");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("banner")).toContainText("Élise Dupré");
});

test("a signed-in person sees where their account lives", async ({ page }) => {
  const password = "encore un bon mot de passe";
  const email = await registerLearner(page, "compte", { name: "Marc Aubert", password });
  await submitSignIn(page, email, password, "/connexion?callbackUrl=/compte");
  await expect(page.getByRole("heading", { name: "Mon compte" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Compte local (stagiaire externe)");
  await expect(page.getByRole("main")).toContainText("Stagiaire");
});

test("the top navigation's focus ring is drawn inside its links, where the scrolling bar cannot clip it", async ({
  page,
}) => {
  await page.goto("/");
  const link = page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link").first();
  // Keyboard focus: the skip link, the logo, then the first link of the navigation.
  for (let i = 0; i < 5 && !(await link.evaluate((a) => a === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(link).toBeFocused();
  const ring = await link.evaluate((a) => {
    const style = getComputedStyle(a);
    return { style: style.outlineStyle, offset: style.outlineOffset };
  });
  expect(ring).toEqual({ style: "solid", offset: "-3px" });
});
