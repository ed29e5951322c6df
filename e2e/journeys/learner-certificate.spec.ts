import { readFile } from "node:fs/promises";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";
import { openYesterdaysSession } from "../fixtures/trainer";

// The demo seed leaves the first learners of each room session that is over finished (a whole
// session at a post, every module done): the portal issues their certificates at start-up.

test("a learner downloads a signed certificate that anyone can check, by its code and by the PDF itself", async ({
  page,
}) => {
  await signIn(page, "c.martin");
  const download = page.getByRole("link", { name: "Télécharger le certificat de réalisation" }).first();
  // Issued in the background at start-up: the page shows it once the worker got to it.
  await expect(async () => {
    await page.goto("/mes-formations");
    await expect(download).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  const file = page.waitForEvent("download");
  await download.click();
  const saved = (await (await file).path())!;
  const pdf = await readFile(saved);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect((await file).suggestedFilename()).toMatch(/^certificat-de-realisation-TRM-.+\.pdf$/);
  await page.screenshot({ path: "test-results/screens/learner-certificates.png", fullPage: true });

  // The code beside the download leads to the public page: no sign-in needed there.
  const code = (await (await file).suggestedFilename()).match(/TRM-[0-9A-Z-]+/)![0];
  const visitor = await page.context().browser()!.newPage({ locale: "fr-FR" });
  await visitor.goto(`${new URL(page.url()).origin}/verifier/${code}`);
  await expect(visitor.getByRole("status")).toContainText("Certificat valide");
  await expect(visitor.getByText("Camille Martin")).toBeVisible();

  // The PDF itself, checked whole: signature, time-stamp, issued by us, in the evidence vault
  // (once a signed checkpoint covers its entry: one is published within the minute).
  await expect(async () => {
    await visitor.getByLabel(/Déposez le certificat reçu/).setInputFiles(saved);
    await expect(visitor.getByText("Document authentique et intact.")).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  await expect(visitor.getByText(/✓ Horodatage de la signature/)).toBeVisible();
  await visitor.screenshot({ path: "test-results/screens/verify-upload.png", fullPage: true });

  // One byte changed: the same page says so.
  const altered = Buffer.from(pdf);
  const at = Math.floor(altered.length / 3);
  altered[at] = altered[at]! ^ 0x01;
  await visitor.getByLabel(/Déposez le certificat reçu/).setInputFiles({
    name: "altere.pdf",
    mimeType: "application/pdf",
    buffer: altered,
  });
  await expect(visitor.getByText("Ce document ne passe pas toutes les vérifications.")).toBeVisible();
  await visitor.close();
});

test("a trainer revokes a certificate with its reason, and the public page says so", async ({ page }) => {
  await openYesterdaysSession(page, "13:30 – 17:30");
  const section = page.getByRole("region", { name: "Certificats" });
  await expect(section).toBeVisible();
  // Not the demo trainee's: the learner's journey downloads theirs.
  const item = section
    .getByRole("listitem")
    .filter({ hasNotText: "Camille Martin" })
    .filter({ hasText: "en vigueur" })
    .first();
  const code = (await item.getByRole("link", { name: /^TRM-/ }).textContent())!.trim();
  const reason = `Émargement contesté par le financeur (${new Date().toISOString()})`;
  await item.getByLabel("Motif (conservé au registre)").fill(reason);
  page.once("dialog", (dialog) => void dialog.accept());
  await item.getByRole("button", { name: "Révoquer" }).click();
  // The list is drawn again: the certificate now reads revoked, with its reason, and no form.
  const revoked = section.getByRole("listitem").filter({ hasText: code });
  await expect(revoked).toContainText(`révoqué — ${reason}`);
  await expect(revoked.getByRole("button", { name: "Révoquer" })).toHaveCount(0);

  await page.goto(`/verifier/${code}`);
  await expect(page.getByRole("status")).toContainText("Certificat révoqué");
  await expect(page.getByRole("status")).toContainText(reason);
});

test("a code nobody issued, a file that is no PDF and someone else's certificate get clear answers", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  await page.goto("/verifier/TRM-0000-0000-00");
  await expect(page.getByRole("status")).toContainText("Aucun certificat ne porte ce code");
  const notPdf = await request.post("/api/v1/verifier/pdf", {
    headers: { "content-type": "application/pdf" },
    data: Buffer.from("bonjour, je suis un certificat"),
  });
  expect(notPdf.status()).toBe(200);
  expect(await notPdf.json()).toMatchObject({ ok: false, code: null });
  const wrongType = await request.post("/api/v1/verifier/pdf", {
    headers: { "content-type": "text/plain" },
    data: "x",
  });
  expect(wrongType.status()).toBe(400);
  const bundle = await request.get("/api/v1/trust-bundle");
  expect(await bundle.json()).toMatchObject({ format: "tremplin-trust-bundle/1" });

  // Another learner, signed in, cannot fetch a certificate that is not theirs: it does not exist.
  await signIn(page, "c.martin");
  await page.goto("/mes-formations");
  const own = (await page.getByRole("link", { name: /^TRM-/ }).first().textContent())!.trim();
  expect((await page.request.get(`/api/v1/certificates/${own}/pdf`)).status()).toBe(200);
  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  await signIn(other, "n.blanc");
  expect((await other.request.get(`/api/v1/certificates/${own}/pdf`)).status()).toBe(404);
  expect((await other.request.get(`/api/v1/certificates/${own}/credential`)).status()).toBe(404);
  await context.close();
});
