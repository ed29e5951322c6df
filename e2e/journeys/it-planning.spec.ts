import type { Page } from "@playwright/test";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

// Far enough ahead that the demo seed planned nothing then; random, so reruns on the same
// database do not meet their own earlier sessions.
const base = 40 + Math.floor(Math.random() * 3000);

/** A weekday `offset` days after this run's base day. */
function freeDay(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + base + offset);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function fillSession(
  page: Page,
  values: { day: string; trainer: string; endDay?: string; from?: string; to?: string },
) {
  await page.getByLabel("Formation").selectOption({ label: "Initiation à AutoCAD 2D (CAO-02)" });
  await page
    .getByLabel("Salle")
    .selectOption({ label: "Maison de région d'Albi — Salle Toulouse-Lautrec (12 postes)" });
  await page.getByLabel("Formateur").selectOption({ label: values.trainer });
  await page.getByLabel("Date de début").fill(values.day);
  await page.getByLabel("Heure de début").fill(values.from ?? "09:00");
  await page.getByLabel("Date de fin").fill(values.endDay ?? values.day);
  await page.getByLabel("Heure de fin").fill(values.to ?? "17:00");
  await page.getByLabel("Nombre de places").fill("10");
}

/** Creates a session through IT's form, filled with `values`, once the portal says it is created. */
async function createSession(page: Page, values: Parameters<typeof fillSession>[1]) {
  await page.goto("/dsi/planning/nouvelle");
  await fillSession(page, values);
  await page.getByRole("button", { name: "Créer la session" }).click();
  await expect(page.getByRole("status")).toHaveText("Session créée.");
}

test("IT plans a session; a room conflict and dates in the wrong order are refused next to the field", async ({
  page,
}) => {
  const day = freeDay(0);
  await signIn(page, "s.garcia");
  await createSession(page, { day, trainer: "Nadia Benali" });
  await expect(page.getByRole("link", { name: "Initiation à AutoCAD 2D" }).first()).toBeVisible();

  await page.goto("/dsi/planning/nouvelle");
  await fillSession(page, { day, trainer: "Thierry Castel", from: "14:00", to: "18:00" });
  await page.getByRole("button", { name: "Créer la session" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "déjà occupée" })).toContainText(
    "La salle Toulouse-Lautrec est déjà occupée",
  );
  await expect(page.getByText(/^salle déjà occupée/)).toBeVisible();
  await expect(page.getByLabel("Heure de début")).toHaveValue("14:00");
  // What was chosen stays chosen after the refusal: training, room and trainer.
  await expect(page.getByLabel("Formation").locator("option:checked")).toHaveText(
    "Initiation à AutoCAD 2D (CAO-02)",
  );
  await expect(page.getByLabel("Salle").locator("option:checked")).toHaveText(
    "Maison de région d'Albi — Salle Toulouse-Lautrec (12 postes)",
  );
  await expect(page.getByLabel("Formateur").locator("option:checked")).toHaveText("Thierry Castel");

  await fillSession(page, { day, endDay: freeDay(-30), trainer: "Thierry Castel" });
  await page.getByRole("button", { name: "Créer la session" }).click();
  await expect(page.locator("#endDate-error")).toHaveText("la date de fin précède la date de début");
});

test("two IT staff edit the same session: the second save is refused, saying someone else changed it", async ({
  page,
  context,
}) => {
  const day = freeDay(3);
  await signIn(page, "s.garcia");
  await createSession(page, { day, trainer: "Olivier Marty" });
  await page.getByRole("link", { name: "Initiation à AutoCAD 2D" }).first().click();
  await page.waitForURL(/\/dsi\/planning\/sessions\/[0-9a-f-]{36}$/);
  const editUrl = page.url();
  const second = await context.newPage();
  await second.goto(editUrl);

  await page.getByLabel("Nombre de places").fill("8");
  await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
  await expect(page.getByRole("status")).toHaveText("Session modifiée.");

  await second.getByLabel("Nombre de places").fill("6");
  await second.getByRole("button", { name: "Enregistrer les modifications" }).click();
  await expect(second.getByRole("alert").filter({ hasText: "entre-temps" })).toContainText(
    "Quelqu'un d'autre a modifié cette session entre-temps (Sophie Garcia",
  );
  await second.goto(editUrl);
  await expect(second.getByLabel("Nombre de places")).toHaveValue("8");
});

test("IT enrols a learner within the capacity and finds the change in the audit log", async ({ page }) => {
  const day = freeDay(6);
  await signIn(page, "s.garcia");
  await createSession(page, { day, trainer: "Isabelle Fabre" });
  await page
    .getByRole("link", { name: /^0 inscrit sur 10 places — Initiation à AutoCAD 2D$/ })
    .first()
    .click();
  await page.getByLabel("Nom, identifiant ou e-mail (2 caractères au moins)").fill("martin");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("button", { name: "Inscrire Camille Martin" }).click();
  await expect(page.getByRole("status").filter({ hasText: "inscrit" })).toHaveText(
    "Camille Martin est inscrit(e).",
  );
  await expect(page.getByRole("list", { name: "Inscrits" })).toContainText("Camille Martin");
  await expect(page.getByText("1 / 10 places occupées")).toBeVisible();

  await page.goto("/dsi/audit");
  await page.getByLabel("Action").selectOption({ label: "Inscription" });
  await page.getByLabel("Auteur (nom ou identifiant)").fill("garcia");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.getByRole("table")).toContainText("Camille Martin (c.martin)");
  await page.getByLabel("Du").fill("2030-01-02");
  await page.getByLabel("Au (inclus)").fill("2030-01-01");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.locator("#f-to-error")).toHaveText("la date de fin précède la date de début");
});

test("IT's planning and audit are closed to trainers and learners", async ({ page }) => {
  await signIn(page, "c.martin");
  for (const path of ["/dsi/planning", "/dsi/inscriptions", "/dsi/audit", "/formateur"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
});
