import { enrolInFreeSession } from "../fixtures/catalogue";
import { desktop, shoot } from "../fixtures/screens";
import { signedInNewLearner } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

test("a learner's home shows their next session, where to continue and their latest result, and nobody else's", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await signedInNewLearner(browser, baseURL, "home", { viewport: desktop });
  const sessions = page.getByRole("region", { name: "Mes prochaines sessions" });
  const toContinue = page.getByRole("region", { name: "À poursuivre" });
  const results = page.getByRole("region", { name: "Mes derniers résultats" });

  // A new learner: nothing yet, and the way to the catalogue.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bonjour Inès Delmas");
  await expect(page.getByRole("main").getByRole("link", { name: "Se connecter" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Vos espaces" })).toContainText("Mes formations");
  await expect(sessions).toContainText("Aucune session à venir.");
  await expect(sessions.getByRole("link", { name: "Trouver une session dans le catalogue" })).toBeVisible();
  await expect(toContinue).toContainText("Aucune formation en cours.");
  await expect(results).toContainText("Aucun résultat pour l'instant.");

  // Enrolled: the session with its day and hours (Paris time) and its place; the training to start.
  const title = await enrolInFreeSession(page);
  await page.goto("/");
  await expect(sessions).toContainText(title);
  await expect(sessions).toContainText(/\d{1,2} \p{L}+ \d{4}, \d{2}:\d{2}–\d{2}:\d{2}/u);
  await expect(sessions).toContainText(/(Salle .+ · Maison de région|À distance)/);
  await toContinue.getByRole("link", { name: `Commencer « ${title} »` }).click();
  await page.waitForURL(/\/apprendre\/[0-9a-f-]{36}$/);

  // The final quiz sent whole: the home shows the score and whether it counted.
  await page.getByRole("navigation", { name: "Modules de la formation" }).getByRole("link").last().click();
  await expect(page.getByRole("button", { name: "Envoyer mes réponses" })).toBeVisible();
  const groups = page.getByRole("main").getByRole("group");
  for (let i = 0; i < (await groups.count()); i++) await groups.nth(i).getByRole("radio").first().check();
  await page.getByRole("button", { name: "Envoyer mes réponses" }).click();
  await page.waitForURL(/\/resultat$/);
  await page.goto("/");
  await expect(results).toContainText(title);
  // The percent sign follows a narrow no-break space in French (Intl).
  await expect(results).toContainText(/\d+\s%/);
  await expect(results).toContainText(/Tentative (non )?retenue/);
  await results.getByRole("link", { name: /^Voir le détail du résultat/ }).click();
  await page.waitForURL(/\/resultat$/);
  await page.goto("/");
  await shoot(page, "learner-home");
  await context.close();

  // Another learner's home says nothing of hers.
  const { context: otherContext, page: otherPage } = await signedInNewLearner(
    browser,
    baseURL,
    "home-other",
    { viewport: desktop },
  );
  await otherPage.goto("/");
  await expect(otherPage.getByRole("region", { name: "Mes prochaines sessions" })).toContainText(
    "Aucune session à venir.",
  );
  await expect(otherPage.getByRole("region", { name: "Mes derniers résultats" })).toContainText(
    "Aucun résultat pour l'instant.",
  );
  await expect(otherPage.getByRole("main")).not.toContainText(title);
  await otherContext.close();
});
