import { desktop, shoot } from "../fixtures/screens";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

// The demo seed plans the demo room with Isabelle Fabre every day, morning and afternoon, for the
// three days around "now": she has sessions today, and half-days over and not validated.

test("a trainer's home leads to today's attendance and to the half-days waiting for validation", async ({
  page,
}) => {
  await page.setViewportSize(desktop);
  await signIn(page, "i.fabre");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bonjour Isabelle Fabre");
  const today = page.getByRole("region", { name: "Mes sessions du jour" });
  // The journeys' set-up moves the session of the hour to "now": its hours vary, its room does not.
  await expect(today).toContainText(/\d{2}:\d{2} – \d{2}:\d{2}/);
  await expect(today).toContainText("Salle Toulouse-Lautrec · Maison de région d'Albi");
  const toValidate = page.getByRole("region", { name: "Demi-journées à valider" });
  await expect(toValidate).toContainText(/\p{L}+ \d{1,2} \p{L}+, (matin|après-midi)/u);
  await shoot(page, "trainer-home");

  await today
    .getByRole("link", { name: /^Ouvrir l'émargement : / })
    .first()
    .click();
  await page.waitForURL(/\/formateur\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Présence en direct" })).toBeVisible();

  await page.goto("/");
  await toValidate
    .getByRole("link", { name: /^Valider l'émargement : / })
    .first()
    .click();
  await page.waitForURL(/\/formateur\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("button", { name: /^Valider .* (matin|après-midi)$/ }).first()).toBeVisible();
});
