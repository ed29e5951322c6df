import path from "node:path";
import { demoAccounts } from "@tremplin/db/seed-demo";
import { desktop, screensDir } from "../fixtures/screens";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

const questions = [
  ["Les objectifs annoncés ont-ils été atteints ?", "5 · Très satisfait"],
  ["Le contenu de la formation vous a-t-il été utile ?", "4 · Satisfait"],
  ["L'animation et la pédagogie du formateur ou de la formatrice", "5 · Très satisfait"],
  ["L'organisation : accueil, horaires, documents remis", "4 · Satisfait"],
  ["La salle et le matériel (postes, logiciels, connexion)", "3 · Moyennement"],
] as const;

test("a learner answers the survey of a session that ended; IT reads the averages and the comment, without her name", async ({
  page,
  browser,
  baseURL,
}) => {
  const comment = `Exercices très concrets, merci ! (${Date.now()})`;
  await page.setViewportSize(desktop);
  await signIn(page, demoAccounts.trainee.username);
  // The portal writes the surveys of the sessions that ended (the demo's, yesterday) as it starts.
  const answer = page.getByRole("link", { name: "Répondre au questionnaire" }).first();
  await expect(async () => {
    await page.goto("/mes-formations");
    await expect(answer).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Donnez votre avis" })).toBeVisible();
  await answer.click();
  await page.waitForURL(/\/mes-formations\/satisfaction\/[0-9a-f-]{36}$/);
  const training = (await page.locator("header p.text-lg").textContent())!.trim();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Votre avis sur la formation");

  for (const [question, rating] of questions) {
    await page.getByRole("group", { name: question }).getByLabel(rating).check();
  }
  await page.getByLabel("Un commentaire ? (facultatif)").fill(comment);
  await page.screenshot({ path: path.join(screensDir, "learner-survey-1366x768.png"), fullPage: true });
  await page.getByRole("button", { name: "Envoyer mon avis" }).click();
  await expect(page.getByRole("status")).toHaveText("Merci ! Votre avis est enregistré.");

  // Her answer stays hers to change until the survey closes.
  await page.reload();
  await expect(page.getByText(/Merci pour votre réponse\. Vous pouvez la modifier jusqu'au/)).toBeVisible();
  await expect(
    page.getByRole("group", { name: questions[4][0] }).getByLabel("3 · Moyennement"),
  ).toBeChecked();
  await page.getByRole("group", { name: questions[4][0] }).getByLabel("2 · Peu satisfait").check();
  await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
  await expect(page.getByRole("status")).toHaveText("Vos réponses sont mises à jour.");

  const it = await browser.newContext({ baseURL, locale: "fr-FR", viewport: desktop });
  const itPage = await it.newPage();
  await signIn(itPage, demoAccounts.itAdmin.username);
  await itPage.getByRole("link", { name: "Satisfaction" }).first().click();
  await expect(itPage.getByRole("heading", { level: 1 })).toHaveText("Satisfaction des stagiaires");
  const row = itPage.getByRole("row").filter({ has: itPage.getByRole("link", { name: training }) });
  await expect(row).toContainText(/1 sur \d+ \(\d+\u00a0%\)/);
  await itPage.getByRole("link", { name: training }).click();
  await expect(itPage.getByRole("heading", { level: 1 })).toHaveText(`Satisfaction pour « ${training} »`);
  await expect(itPage.getByText(comment)).toBeVisible();
  await expect(itPage.getByRole("main")).not.toContainText(demoAccounts.trainee.displayName);
  await itPage.screenshot({ path: path.join(screensDir, "it-satisfaction-1366x768.png"), fullPage: true });
  await itPage.getByRole("link", { name: "Toutes les formations" }).click();
  await expect(itPage.getByRole("heading", { level: 1 })).toHaveText("Satisfaction des stagiaires");
  await itPage.screenshot({
    path: path.join(screensDir, "it-satisfaction-overview-1366x768.png"),
    fullPage: true,
  });
  await it.close();
});
