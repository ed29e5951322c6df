import type { Browser, Page } from "@playwright/test";
import { hostilePackage, scormPackage } from "@tremplin/portal/scorm/test-packages";
import { enrolInOnsiteSession } from "../fixtures/catalogue";
import { learnerPassword, registerLearner, signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

// Security issue #16, class 1: what IT uploads runs in a sandbox, never as the person viewing it.

/** A new external learner, signed in and enrolled in an on-site training; returns its title. */
async function enrolledLearner(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, locale: "fr-FR" });
  const page = await context.newPage();
  const email = await registerLearner(page, "securite");
  await signIn(page, email, learnerPassword);
  const training = await enrolInOnsiteSession(page);
  return { email, context, page, training };
}

/** IT's content page, signed in as the demo's IT administrator. */
async function contentPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, locale: "fr-FR" });
  const page = await context.newPage();
  await signIn(page, "s.garcia", "Tremplin-2026");
  await page.goto("/dsi/contenus");
  return { context, page };
}

async function importNewModule(it: Page, training: string, title: string, zip: Buffer) {
  const section = it.getByRole("region", { name: training });
  await section.getByText("Ajouter un module SCORM").click();
  const form = section.getByRole("form", { name: `Ajouter un module SCORM à « ${training} »` });
  await form.getByLabel("Titre du module").fill(title);
  await form
    .getByLabel("Paquet SCORM (.zip)")
    .setInputFiles({ name: "paquet.zip", mimeType: "application/zip", buffer: zip });
  await form.getByRole("button", { name: "Importer" }).click();
  await expect(form.getByRole("status")).toContainText("Paquet importé : version 1");
}

/** Opens a module of the training from "Mes formations"; returns the module page's URL. */
async function openModule(page: Page, training: string, title: string) {
  await page.goto("/mes-formations");
  await page
    .getByRole("article", { name: training })
    .getByRole("link", { name: /^(Commencer|Reprendre)/ })
    .first()
    .click();
  await page
    .getByRole("navigation", { name: "Modules de la formation" })
    .getByRole("link", { name: new RegExp(title) })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  return page.url();
}

test.describe("@security uploaded SCORM content runs in a sandbox", () => {
  test.setTimeout(240_000);

  test("a hostile package cannot act as the learner nor leave its frame; IT withdraws it and the learner gets the previous version", async ({
    browser,
    baseURL,
  }) => {
    const learner = await enrolledLearner(browser, baseURL);
    const title = `Sécurité ${Date.now()}`;
    const it = await contentPage(browser, baseURL);
    await importNewModule(it.page, learner.training, title, scormPackage("1.2"));
    const module = it.page.getByRole("region", { name: learner.training }).getByRole("listitem").filter({
      hasText: title,
    });
    const newVersion = module.getByRole("form", { name: `Importer une nouvelle version de « ${title} »` });
    await newVersion
      .getByLabel("Nouvelle version (.zip)")
      .setInputFiles({ name: "piege.zip", mimeType: "application/zip", buffer: hostilePackage() });
    await newVersion.getByRole("button", { name: "Importer" }).click();
    await expect(newVersion.getByRole("status")).toHaveText("Paquet importé : version 2 (SCORM 1.2).");

    // The hostile version: every attempt on the portal fails, the SCORM API still answers.
    const page = learner.page;
    const moduleUrl = await openModule(page, learner.training, title);
    const frame = page.frameLocator(`iframe[title="${title}"]`);
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Module piégé");
    await expect(frame.locator("#api")).toHaveText("api : LMSInitialize true");
    for (const probe of ["cookie", "parent", "portal", "enrol", "top"])
      await expect(frame.locator(`#${probe}`)).toHaveText(`${probe} : refusé`);
    expect(page.url()).toBe(moduleUrl);
    const hostileSrc = (await page.locator(`iframe[title="${title}"]`).getAttribute("src"))!;
    expect(hostileSrc).toMatch(/\/2\/[^/]+\/index\.html$/);

    // IT withdraws version 2, with its reason; the page says so.
    const versions = module.getByRole("list", { name: `Versions de « ${title} »` });
    await versions.getByText("Retirer la version 2 (en vigueur)").click();
    const withdraw = versions.getByRole("form", { name: `Retirer la version 2 de « ${title} »` });
    await withdraw.getByLabel("Motif du retrait").fill("Le paquet tente d'appeler le portail.");
    await withdraw.getByRole("button", { name: "Retirer la version 2" }).click();
    await expect(versions).toContainText(/Version 2 retirée le .+ : Le paquet tente d'appeler le portail\./);
    await it.context.close();

    // Its files are no longer served, even at the URL the learner had open.
    const stale = await page.request.get(hostileSrc);
    expect(stale.status()).toBe(404);
    expect((await stale.json()).error.message).toMatch(/retirée par la DSI/);

    // The learner gets version 1 back, and it records progress.
    await page.goto(moduleUrl);
    await expect(frame.locator("#page")).toHaveText("Page 1 sur 3 (ab-initio, visite 1)");
    await frame.getByRole("button", { name: "Page suivante" }).click();
    await expect(frame.locator("#saved")).toHaveText("Enregistré (page 2)");
    await expect(page.getByText(/^Progression enregistrée à/)).toBeVisible();
    await learner.context.close();
  });

  test("a SCORM 2004 package records progress and resumes from its sandbox", async ({ browser, baseURL }) => {
    const learner = await enrolledLearner(browser, baseURL);
    const title = `Protection 2004 ${Date.now()}`;
    const it = await contentPage(browser, baseURL);
    await importNewModule(it.page, learner.training, title, scormPackage("2004"));
    await it.context.close();

    const moduleUrl = await openModule(learner.page, learner.training, title);
    const frame = learner.page.frameLocator(`iframe[title="${title}"]`);
    await expect(frame.locator("#page")).toHaveText("Page 1 sur 3 (ab-initio, visite 1)");
    await frame.getByRole("button", { name: "Page suivante" }).click();
    await expect(frame.locator("#saved")).toHaveText("Enregistré (page 2)");
    await expect(learner.page.getByText(/^Progression enregistrée à/)).toBeVisible();
    await learner.context.close();

    // Another browser: the SCO resumes at page 2 and its final score is stored.
    const kiosk = await browser.newContext({ baseURL, locale: "fr-FR" });
    const page = await kiosk.newPage();
    await signIn(page, learner.email, learnerPassword);
    await page.goto(moduleUrl);
    const resumed = page.frameLocator(`iframe[title="${title}"]`);
    await expect(resumed.locator("#page")).toHaveText("Page 2 sur 3 (resume, visite 2)");
    await resumed.getByRole("button", { name: "Terminer le test" }).click();
    await expect(resumed.locator("#saved")).toHaveText("Enregistré (page 2) — terminé");
    await expect(page.getByText(/^Progression enregistrée à/)).toBeVisible();
    await kiosk.close();
  });
});
