import type { Page } from "@playwright/test";
import { registerLearner, submitSignIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

/**
 * Security issue #16, classes 2, 4 and 9, tried from outside against the running portal: a
 * session cookie kept after sign-out, a crafted callbackUrl, the metrics of a production portal.
 */
test.describe("@security sessions, redirects and operations", () => {
  test("a session cookie saved before sign-out no longer opens the account, nor renews", async ({
    page,
    browser,
    baseURL,
  }) => {
    await registerAndSignIn(page, "/compte");
    await expect(page.getByRole("heading", { name: "Mon compte" })).toBeVisible();
    const saved = await page.context().cookies();
    expect(saved.some((c) => c.name.includes("next-auth.session-token"))).toBe(true);

    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await expect(page.getByRole("button", { name: "Se déconnecter" })).toHaveCount(0);

    // Someone replays the cookie they copied while the session was open.
    const replay = await browser.newContext({ baseURL });
    await replay.addCookies(saved);
    const other = await replay.newPage();
    await other.goto("/compte");
    await expect(other).toHaveURL(/\/connexion\?callbackUrl=\/compte$/);
    const renewed = await replay.request.get("/api/auth/session");
    expect(await renewed.json()).not.toHaveProperty("user");
    await replay.close();
  });

  test("a callbackUrl that names another host leaves the person on the portal after sign-in", async ({
    page,
    baseURL,
  }) => {
    // `/\evil.example` passes a "starts with one slash" check, yet a browser reads it as //evil.example.
    await registerAndSignIn(page, "/%5Cevil.example");
    await expect(page.getByRole("banner")).toContainText("Personne Sécurité");
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });

  test("the metrics of a production portal are not public", async ({ request }) => {
    const response = await request.get("/api/metrics");
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain("tremplin_http_requests_total");
  });
});

/** Registers a fresh local learner and signs in through /connexion?callbackUrl=<callback>. */
async function registerAndSignIn(page: Page, callback: string): Promise<void> {
  const password = "un mot de passe de sécurité";
  const email = await registerLearner(page, "securite", { name: "Personne Sécurité", password });
  await submitSignIn(page, email, password, `/connexion?callbackUrl=${callback}`);
}
