import { scormPackage } from "@tremplin/portal/scorm/test-packages";
import { enrolInOnsiteSession } from "../fixtures/catalogue";
import { mailSubjectsTo } from "../fixtures/mail";
import { learnerPassword, signedInNewLearner, signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

test("a learner enrols, plays a SCORM module at home, leaves, and resumes where they were at the kiosk", async ({
  browser,
  baseURL,
}) => {
  // A browser set to UTC: the portal still says the time as in Paris, like the rest of the site.
  const {
    email,
    context: home,
    page,
  } = await signedInNewLearner(browser, baseURL, "apprenant", { timezoneId: "UTC" });

  // Enrol in the first session with a free seat.
  const title = await enrolInOnsiteSession(page);
  await expect(page.getByRole("status").filter({ hasText: "Inscription" })).toHaveText(
    "Inscription confirmée. Un e-mail de confirmation vous a été envoyé.",
  );
  await page.reload();
  await expect(page.getByText("Vous êtes inscrit(e)").first()).toBeVisible();
  // The confirmation, queued with the enrolment, reaches the outbox through the mail worker.
  await expect.poll(() => mailSubjectsTo(email)).toContain(`Inscription confirmée : ${title}`);

  // IT imports a SCORM 1.2 package into that training.
  const it = await browser.newContext({ baseURL, locale: "fr-FR" });
  const itPage = await it.newPage();
  await signIn(itPage, "s.garcia", "Tremplin-2026");
  await itPage.goto("/dsi/contenus");
  const section = itPage.getByRole("region", { name: title });
  await section.getByText("Ajouter un module SCORM").click();
  const form = section.getByRole("form", { name: `Ajouter un module SCORM à « ${title} »` });
  await form.getByLabel("Titre du module").fill("Sécurité des données");
  await form
    .getByLabel("Paquet SCORM (.zip)")
    .setInputFiles({ name: "securite.zip", mimeType: "application/zip", buffer: scormPackage("1.2") });
  await form.getByRole("button", { name: "Importer" }).click();
  await expect(form.getByRole("status")).toHaveText("Paquet importé : version 1 (SCORM 1.2).");
  await it.close();

  // At home: open the module, move to page 2; the SCO is told "saved" only once stored.
  await page.goto("/mes-formations");
  const card = page.getByRole("article", { name: title });
  await card.getByRole("link", { name: "Commencer" }).click();
  await page
    .getByRole("navigation", { name: "Modules de la formation" })
    .getByRole("link", { name: /Sécurité des données/ })
    .click();
  const sco = page.frameLocator(`iframe[title="Sécurité des données"]`);
  await expect(sco.locator("#page")).toHaveText("Page 1 sur 3 (ab-initio, visite 1)");
  await sco.getByRole("button", { name: "Page suivante" }).click();
  await expect(sco.locator("#saved")).toHaveText("Enregistré (page 2)");
  const parisHour = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    hour: "2-digit",
    hourCycle: "h23",
  }).format(new Date());
  await expect(page.getByText(/^Progression enregistrée à/)).toContainText(`à ${parisHour}:`);
  // The status follows the package's report without a reload.
  await expect(page.getByTestId("module-status")).toHaveText("en cours");
  await home.close();

  // At the kiosk, another browser: "continue" leads to the module, at page 2.
  const kiosk = await browser.newContext({ baseURL, locale: "fr-FR" });
  const post = await kiosk.newPage();
  await signIn(post, email, learnerPassword);
  await post.goto("/mes-formations");
  await post
    .getByRole("article", { name: title })
    .getByRole("link", { name: "Reprendre là où je me suis arrêté(e)" })
    .click();
  await expect(post.getByRole("heading", { level: 1 })).toHaveText("Sécurité des données");
  const resumed = post.frameLocator(`iframe[title="Sécurité des données"]`);
  await expect(resumed.locator("#page")).toHaveText("Page 2 sur 3 (resume, visite 2)");

  // The score is committed; the result page says why it does not count yet.
  await resumed.getByRole("button", { name: "Terminer le test" }).click();
  await expect(resumed.locator("#saved")).toHaveText("Enregistré (page 2) — terminé");
  await post.getByRole("link", { name: "Voir mes résultats pour ce module" }).click();
  await expect(
    post.getByRole("heading", { level: 2, name: "Aucun résultat retenu pour l'instant" }),
  ).toBeVisible();
  await expect(post.getByTestId("latest-explanation")).toHaveText(
    /^Tentative 1 : Modules? [\d, et]+ non terminés? : tentative non retenue\.$/,
  );
  await expect(post.getByRole("table")).toContainText("85 %");
  await kiosk.close();
});

test("a full session puts the learner on the waiting list, said clearly, and they can leave it", async ({
  browser,
  baseURL,
}) => {
  const { email, context, page } = await signedInNewLearner(browser, baseURL, "apprenant");
  // The demo's remote Spanish class is full every weekday, with a waiting list.
  await page.goto("/catalogue?q=espagnol");
  await page.getByRole("link", { name: /Espagnol pour l'accueil/ }).click();
  await page
    .getByRole("button", { name: /^Rejoindre la liste d'attente — / })
    .first()
    .click();
  await expect(page.getByRole("status").filter({ hasText: "liste d'attente" })).toHaveText(
    /^Session complète : vous êtes sur la liste d'attente, en position \d+\. Si une place se libère, elle vous sera attribuée automatiquement et vous recevrez un e-mail\.$/,
  );
  await page.goto("/mes-formations");
  const card = page.getByRole("article", { name: /Espagnol pour l'accueil/ });
  await expect(card).toContainText(/liste d'attente, position \d+/);
  await expect(card).toContainText(
    "Vous êtes en liste d'attente : les modules s'ouvriront quand une place vous sera attribuée.",
  );
  await card.getByRole("link", { name: /^Quitter la liste d'attente — / }).click();
  // A confirmation page says what is cancelled and what becomes of the place before anything happens.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quitter la liste d'attente");
  await expect(page.getByText("Vous quitterez la liste d'attente de cette session")).toBeVisible();
  await page.getByRole("button", { name: "Confirmer : quitter la liste d'attente" }).click();
  await expect(page.getByRole("status")).toHaveText("Vous avez quitté la liste d'attente.");
  // Its only enrolment gone, the training leaves the list.
  await expect(card).toHaveCount(0);
  await expect
    .poll(() => mailSubjectsTo(email))
    .toEqual([
      "Liste d'attente : Espagnol pour l'accueil et le tourisme — A2",
      "Inscription annulée : Espagnol pour l'accueil et le tourisme — A2",
    ]);
  await context.close();
});

test("the catalogue reports dates in the wrong order next to the field and still lists trainings", async ({
  page,
}) => {
  await page.goto("/catalogue?from=2026-12-10&to=2026-12-01&q=excel");
  await expect(page.getByLabel("Jusqu'au")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("la date de fin précède la date de début")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(/^1 formation/);
});
