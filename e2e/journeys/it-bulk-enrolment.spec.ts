import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Download, Page } from "@playwright/test";
import { type DemoPerson, demoAccounts, demoPeople } from "@tremplin/db/seed-demo";
import { desktop, screensDir } from "../fixtures/screens";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

// Far ahead and random, so that reruns on one database do not meet their own sessions.
function freeWeekday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 4000 + Math.floor(Math.random() * 3000));
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function newSessionOfThreeSeats(page: Page) {
  await page.goto("/dsi/planning/nouvelle");
  await page.getByLabel("Formation").selectOption({ label: "Initiation à AutoCAD 2D (CAO-02)" });
  await page
    .getByLabel("Salle")
    .selectOption({ label: "Maison de région d'Albi — Salle Toulouse-Lautrec (12 postes)" });
  await page.getByLabel("Formateur").selectOption({ label: "Isabelle Fabre" });
  const day = freeWeekday();
  await page.getByLabel("Date de début").fill(day);
  await page.getByLabel("Heure de début").fill("09:00");
  await page.getByLabel("Date de fin").fill(day);
  await page.getByLabel("Heure de fin").fill("17:00");
  await page.getByLabel("Nombre de places").fill("3");
  await page.getByRole("button", { name: "Créer la session" }).click();
  await expect(page.getByRole("status")).toHaveText("Session créée.");
  await page
    .getByRole("link", { name: /^0 inscrit sur 3 places — Initiation à AutoCAD 2D$/ })
    .first()
    .click();
  await page.waitForURL(/\/dsi\/inscriptions\/[0-9a-f-]{36}$/);
}

/** A downloaded CSV as Excel reads it: the byte-order mark, then `;`-separated lines. */
async function csvLines(download: Download): Promise<string[]> {
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString("utf8").split("\r\n");
}

test("IT imports a CSV list with bad lines: the preview names each fault, one confirmation enrols the rest, the exports carry it", async ({
  page,
}) => {
  const [a, b, c, d] = demoPeople.filter((p) => p.roles.includes("learner")).slice(10, 14) as [
    DemoPerson,
    DemoPerson,
    DemoPerson,
    DemoPerson,
  ];
  await page.setViewportSize(desktop);
  await signIn(page, demoAccounts.itAdmin.username);
  await newSessionOfThreeSeats(page);
  await page.getByRole("link", { name: "Importer une liste (CSV)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Importer une liste de stagiaires");

  const csv = [
    "Nom;Identifiant;E-mail",
    `${a.displayName};${a.username};`,
    `${b.displayName};;${b.email.toUpperCase()}`,
    "Personne Inconnue;p.inconnue;",
    `${a.displayName};${a.username.toUpperCase()};`,
    "Trop;de;colonnes;ici",
    `${demoAccounts.itAdmin.displayName};${demoAccounts.itAdmin.username};`,
    `${c.displayName};${c.username};`,
    `${d.displayName};${d.username};`,
  ].join("\r\n");
  await page.getByLabel("Fichier CSV").setInputFiles({
    name: "liste.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\uFEFF${csv}\r\n`, "utf8"),
  });
  await page.getByRole("button", { name: "Voir l'aperçu" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "3 lignes à inscrire, 5 refusées. Rien n'est encore enregistré.",
  );
  const table = page.getByRole("table", { name: "Aperçu, ligne par ligne" });
  const outcomes = [
    `Sera inscrit : ${a.displayName}`,
    `Sera inscrit : ${b.displayName}`,
    "Personne inconnue : aucun compte avec cet identifiant ou cette adresse",
    "Doublon de la ligne 2",
    "Ligne mal formée (4 colonnes au lieu de 3)",
    `Compte désactivé ou qui n'est pas stagiaire (${demoAccounts.itAdmin.displayName})`,
    `Sera inscrit : ${c.displayName}`,
    `Session complète : pas de place pour ${d.displayName}`,
  ];
  for (const [i, result] of outcomes.entries()) {
    await expect(table.getByRole("row").nth(i + 1)).toContainText(`${i + 2}`);
    await expect(table.getByRole("row").nth(i + 1)).toContainText(result);
  }
  await page.screenshot({ path: path.join(screensDir, "it-import-preview-1366x768.png"), fullPage: true });
  // Nothing is written by the preview.
  await expect(page.getByText("0 / 3 places occupées")).toBeVisible();

  await page.getByRole("button", { name: "Inscrire les 3 stagiaires" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "3 stagiaires inscrits. Chacun reçoit son e-mail de confirmation.",
  );
  await page.getByRole("link", { name: "Voir les inscrits de la session" }).click();
  await expect(page.getByText("3 / 3 places occupées")).toBeVisible();
  const enrolled = page.getByRole("list", { name: "Inscrits" });
  for (const person of [a, b, c]) await expect(enrolled).toContainText(person.displayName);
  await expect(enrolled).not.toContainText(d.displayName);

  await page.getByRole("link", { name: "Exports" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exports");
  const download = async (name: string) => {
    const item = page.getByRole("listitem").filter({ hasText: name });
    const [file] = await Promise.all([page.waitForEvent("download"), item.getByRole("link").click()]);
    return file;
  };
  const audit = await download("Journal d'audit");
  expect(audit.suggestedFilename()).toMatch(/^journal-audit-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const auditLines = await csvLines(audit);
  expect(auditLines[0]).toBe(
    "Date;Auteur;Action;Code de l'action;Objet;Identifiant de l'objet;Détails;Requête",
  );
  const imported = auditLines.find((l) => l.includes(";enrolment.bulk_imported;"));
  expect(imported).toContain(";Liste de stagiaires importée (CSV);");
  expect(imported).toContain('""enrolled"":3');
  expect(
    auditLines.filter((l) => l.includes(`${a.displayName} (${a.username})`) && l.includes('""via"":""csv""')),
  ).toHaveLength(1);

  const attendance = await csvLines(await download("Émargement"));
  expect(attendance[0]).toMatch(
    /^Organisme;Formation;Code formation;Session;Lieu;Formateur;Date;Demi-journée;/,
  );
  // The demo trainee worked on a kiosk in the sessions of the past days.
  expect(
    attendance.some((l) =>
      l.includes(`;${demoAccounts.trainee.displayName};${demoAccounts.trainee.username};`),
    ),
  ).toBe(true);

  const results = await csvLines(await download("Résultats"));
  expect(results[0]).toBe(
    "Date;Stagiaire;Identifiant;Formation;Code formation;Session du;Module;Tentative;Type;Score (%);Retenue;Explication",
  );
});
