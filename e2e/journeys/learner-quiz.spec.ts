import path from "node:path";
import { enrolInFreeSession } from "../fixtures/catalogue";
import { desktop, phone, screensDir, shoot } from "../fixtures/screens";
import { signedInNewLearner, signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

test("a quiz sent blank or half answered, and the results on a phone and in English", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await signedInNewLearner(browser, baseURL, "quiz", { viewport: desktop });

  // Enrol in a session with a free seat of a training whose final quiz has several questions.
  await enrolInFreeSession(page);
  await page.goto("/mes-formations");
  await page.getByRole("link", { name: "Commencer" }).first().click();
  await page.getByRole("navigation", { name: "Modules de la formation" }).getByRole("link").last().click();
  await expect(page.getByRole("button", { name: "Envoyer mes réponses" })).toBeVisible();

  // Sent blank: nothing leaves the page, the questions are named, no attempt is used.
  await page.getByRole("button", { name: "Envoyer mes réponses" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    /^Vous n'avez répondu à aucune question \(questions 1(, \d+)* et \d+\) : rien n'a été envoyé/,
  );
  await expect(page.getByText("Tentatives restantes : 3 sur 3.")).toBeVisible();

  // Half answered: the learner is asked first, told which questions are blank.
  await page.getByRole("group").first().getByRole("radio").first().check();
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("button", { name: "Envoyer mes réponses" }).click();
  await expect.poll(() => asked).toMatch(/^(La question|Les questions) 2.* sans réponse/);
  await expect(page).not.toHaveURL(/resultat$/);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Envoyer mes réponses" }).click();
  await page.waitForURL(/\/resultat$/);
  await expect(page.getByTestId("latest-explanation")).toHaveText(
    /^Tentative 1 : .*tentative non retenue\.$/,
  );

  // On a phone the attempts table becomes cards: nothing runs off the screen.
  await page.setViewportSize(phone);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
  await page.screenshot({ path: path.join(screensDir, "learner-results-390x844.png"), fullPage: true });
  await page.setViewportSize(desktop);

  // In English, the explanations are English too.
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByTestId("latest-explanation")).toHaveText(/^Attempt 1: .*attempt not counted\.$/);
  await page.getByRole("button", { name: "Passer en français" }).click();
  await context.close();
});

test("an unknown page is French, says so, and leads home", async ({ page }) => {
  const response = await page.goto("/cette-page-n-existe-pas");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page introuvable");
  await expect(page).toHaveTitle("Page introuvable · Tremplin");
  await page.getByRole("link", { name: "Retour à l'accueil" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bienvenue sur Tremplin");
});

test("IT's planning filters by room and shows rooms whole", async ({ page }) => {
  await page.setViewportSize(desktop);
  await signIn(page, "s.garcia", "Tremplin-2026");
  await page.goto("/dsi/planning");
  const filters = page.getByRole("form", { name: "Filtrer le planning" });
  await filters
    .getByLabel("Salle")
    .selectOption({ label: "Salle Toulouse-Lautrec — Maison de région d'Albi" });
  await filters.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/salle=[0-9a-f-]{36}/);
  await expect(page.getByText("Salle Toulouse-Lautrec · Maison de région d'Albi").first()).toBeVisible();
  await shoot(page, "it-planning");
});
