import { readFile } from "node:fs/promises";
import path from "node:path";
import { demoAccounts } from "@tremplin/db/seed-demo";
import { desktop, screensDir } from "../fixtures/screens";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";
import { openYesterdaysSession } from "../fixtures/trainer";

// The demo seed plans the demo room (Isabelle Fabre) for the three days around "now": yesterday's
// half-days are over whatever the hour. The kiosk journeys' session runs now, the demo trainee in it.

test("a trainer follows a session's results in the gradebook and downloads it for Excel", async ({
  page,
  browser,
  baseURL,
}) => {
  await page.setViewportSize(desktop);
  await openYesterdaysSession(page, "08:30 – 12:30");
  await page.getByRole("link", { name: "Suivi des stagiaires (progression et résultats)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Suivi des stagiaires" })).toBeVisible();
  const table = page.getByRole("table", {
    name: "Progression, résultats et tentatives de chaque stagiaire inscrit",
  });
  await expect(table.getByRole("columnheader", { name: "Conditions du certificat" })).toBeVisible();
  expect(await table.getByRole("row").count()).toBeGreaterThan(1);
  await page.screenshot({ path: path.join(screensDir, "trainer-gradebook-1366x768.png"), fullPage: true });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Suivi des stagiaires (CSV, Excel)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^suivi-.+\.csv$/);
  const csv = await readFile((await (await download).path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain("Stagiaire;Identifiant;Modules requis terminés;Modules requis;");
  expect(csv).toContain(";Conditions remplies;Ce qui manque\r\n");

  // An auditor reads the attendance sheet but not the results: the gradebook does not exist for her.
  const gradebookUrl = page.url();
  const auditor = await browser.newContext({ baseURL, locale: "fr-FR" });
  const other = await auditor.newPage();
  await signIn(other, demoAccounts.auditor.username);
  await other.goto(gradebookUrl);
  await expect(other.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
  expect([403, 404]).toContain((await other.request.get(`${gradebookUrl}.csv`)).status());
  await auditor.close();
});

test("a trainer marks everyone present for a half-day after one confirmation, then validates it", async ({
  page,
}) => {
  await page.setViewportSize(desktop);
  await openYesterdaysSession(page, "13:30 – 17:30");
  await expect(page.getByRole("heading", { name: "Feuille d'émargement" })).toBeVisible();
  const markAll = page.getByRole("button", { name: /^Tous présents \(.* après-midi\)$/ });
  const dialogs: string[] = [];
  page.once("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
  await markAll.click();
  await expect(page.getByRole("status").filter({ hasText: "marqué" })).toContainText("validez maintenant");
  expect(dialogs).toHaveLength(1);
  expect(dialogs[0]).toMatch(/pour cette demi-journée/);
  await expect(markAll).toBeHidden();
  await expect(page.getByText("Présence de tout le groupe attestée par le formateur").first()).toBeVisible();

  await page.getByRole("button", { name: /^Valider .* après-midi$/ }).click();
  await expect(page.getByText(/Validée par Isabelle Fabre/).first()).toBeVisible();
  await page.getByRole("heading", { name: "Feuille d'émargement" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, "trainer-sheet-1366x768.png") });

  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Feuille d'émargement (CSV, Excel)" }).click();
  const csv = await readFile((await (await csvDownload).path())!, "utf8");
  expect(csv).toContain(";Confirmation du stagiaire;Correction du formateur;");
  expect(csv).toContain("Présence de tout le groupe attestée par le formateur (saisie groupée)");
  expect(csv).toContain("Validée par Isabelle Fabre");

  // Kept for a look with pdftoppm: the sheet as an auditor receives it.
  const pdfDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Feuille d'émargement (PDF)" }).click();
  await (await pdfDownload).saveAs("test-results/trainer-sheet.pdf");
});

test("a learner confirms her own presence on the portal; the trainer's sheet says so", async ({
  browser,
  baseURL,
}) => {
  // Between 13h00 and 13h30 in Paris, the morning's 30 minutes are over and the afternoon has not begun.
  const paris = new Intl.DateTimeFormat("fr-FR", {
    timeZone: "Europe/Paris",
    hour: "2-digit",
    minute: "2-digit",
  });
  const [h, m] = paris.format(new Date()).split(":").map(Number);
  test.skip(h === 13 && m! < 30, "lunch break in Paris: no half-day to confirm");
  const learner = await browser.newContext({ baseURL, locale: "fr-FR", viewport: desktop });
  const page = await learner.newPage();
  await signIn(page, demoAccounts.trainee.username);
  await page.goto("/mes-formations");
  const section = page.getByRole("region", { name: "Émargement" });
  await expect(section).toContainText(process.env.E2E_KIOSK_TRAINING!);
  await section.getByRole("button", { name: "Je confirme ma présence" }).click();
  // The button gives way to the confirmation itself, with its time and channel.
  await expect(section).toContainText(/Présence confirmée à \d\d:\d\d \(portail\)/);
  await expect(section.getByRole("button", { name: "Je confirme ma présence" })).toBeHidden();
  await page.screenshot({ path: path.join(screensDir, "learner-presence-1366x768.png") });
  await learner.close();

  const trainer = await browser.newContext({ baseURL, locale: "fr-FR", viewport: desktop });
  const sheet = await trainer.newPage();
  await signIn(sheet, "i.fabre");
  await sheet.goto(`/formateur/sessions/${process.env.E2E_KIOSK_SESSION_ID}`);
  await expect(
    sheet.getByText(/Présence confirmée par le stagiaire à \d\d:\d\d \(portail\)/).first(),
  ).toBeVisible();
  await trainer.close();
});
