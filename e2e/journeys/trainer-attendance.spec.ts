import { readFile } from "node:fs/promises";
import { deName } from "@tremplin/domain/french";
import { signIn, yesterdayInParis } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";
import { openYesterdaysSession } from "../fixtures/trainer";

// The demo seed plans the demo room (Isabelle Fabre, every day, weekends included) for the
// three days around "now": yesterday's morning is over whatever the hour the journey runs.

test("a trainer corrects a presence with a reason, validates the half-day and exports the sheet", async ({
  page,
}) => {
  await signIn(page, "i.fabre");
  await page.goto(`/formateur?jour=${yesterdayInParis()}`);
  await expect(page.getByRole("heading", { level: 1, name: "Mes sessions" })).toBeVisible();
  const first = page.getByRole("link").filter({ hasText: "08:30 – 12:30" }).first();
  await first.click();
  await expect(page.getByRole("heading", { name: "Présence en direct" })).toBeVisible();

  const row = page
    .getByRole("table", { name: "Présence des stagiaires pour la demi-journée en cours" })
    .getByRole("row")
    .nth(1);
  const learner = (
    await row.getByRole("rowheader").evaluate((th) => th.childNodes[0]?.textContent ?? "")
  ).trim();
  await row.getByText("Corriger").click();
  const form = page.getByRole("form", { name: `Corriger la présence ${deName(learner)}` });
  await form.getByLabel("Absent").check();
  // Unique per run: the same correction again within two minutes is taken as a double submit.
  const reason = `Absente excusée : rendez-vous France Travail (${new Date().toISOString()})`;
  await form.getByLabel("Motif (obligatoire)").fill(reason);
  await form.getByRole("button", { name: "Enregistrer la correction" }).click();
  await expect(form.getByRole("status")).toContainText(`${learner} est marqué(e) absent(e).`);
  await expect(row).toContainText(`Corrigé : ${reason}`);

  const validate = page.getByRole("button", { name: /^Valider .* matin$/ });
  // Trainees with no presence recorded are named in a confirmation before validating.
  page.once("dialog", (dialog) => void dialog.accept());
  await validate.click();
  await expect(page.getByText(/Validée par Isabelle Fabre/)).toBeVisible();

  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Feuille d'émargement (CSV, Excel)" }).click();
  const csv = await readFile((await (await csvDownload).path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain("Organisme;Formation;Code formation");
  expect(csv).toContain(reason);
  expect(csv).toContain("Validée par Isabelle Fabre");

  const pdfDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Feuille d'émargement (PDF)" }).click();
  const pdf = await readFile((await (await pdfDownload).path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect((await pdfDownload).suggestedFilename()).toMatch(/^emargement-.+\.pdf$/);
});

test("a trainer's notes survive and a save over newer notes is refused", async ({ page, context }) => {
  await openYesterdaysSession(page, "13:30 – 17:30");
  await page.waitForURL(/\/formateur\/sessions\/[0-9a-f-]{36}$/);
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  const notes = `Vidéoprojecteur à changer (${new Date().toISOString()}).`;
  await page.getByLabel("Notes (visibles du formateur et de la DSI)").fill(notes);
  await page.getByRole("button", { name: "Enregistrer les notes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Notes enregistrées." })).toBeVisible();
  await other.getByLabel("Notes (visibles du formateur et de la DSI)").fill("Écrit dans un autre onglet");
  await other.getByRole("button", { name: "Enregistrer les notes" }).click();
  await expect(other.getByRole("alert").filter({ hasText: "entre-temps" })).toContainText(
    "Les notes ont été modifiées entre-temps",
  );
  await page.reload();
  await expect(page.getByLabel("Notes (visibles du formateur et de la DSI)")).toHaveValue(notes);
});

test("a trainer cannot open another trainer's session, IT's pages or its sheet", async ({
  page,
  browser,
}) => {
  const marty = await browser.newPage();
  await signIn(marty, "o.marty");
  await marty.goto(`/formateur?jour=${yesterdayInParis()}`);
  const href = await marty
    .getByRole("link")
    .filter({ hasText: /\d\d:\d\d – \d\d:\d\d/ })
    .first()
    .getAttribute("href");
  expect(href).toMatch(/^\/formateur\/sessions\/[0-9a-f-]{36}$/);
  await marty.close();

  await signIn(page, "i.fabre");
  expect((await page.goto(href!))?.status()).toBe(404);
  expect((await page.request.get(`${href}/feuille-emargement.pdf`)).status()).toBe(404);
  expect((await page.request.get(`${href}/feuille-emargement.csv`)).status()).toBe(404);
  for (const path of ["/dsi/planning", "/dsi/planning/nouvelle", "/dsi/inscriptions", "/dsi/audit"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
});

test("a visitor is sent to sign in, and a learner is refused the trainer's pages", async ({ page }) => {
  await page.goto("/formateur");
  await expect(page).toHaveURL(/\/connexion\?callbackUrl=%2Fformateur/);
  expect(
    (
      await page.request.get(
        "/formateur/sessions/00000000-0000-4000-8000-000000000000/feuille-emargement.csv",
      )
    ).status(),
  ).toBe(401);
  await signIn(page, "c.martin");
  expect((await page.goto("/formateur"))?.status()).toBe(404);
});
