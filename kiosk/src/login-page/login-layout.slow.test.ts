import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderLoginPage } from "./render";
import { buildStatusView, type StatusView, systemNotice } from "./view";

// The login page as the kiosk's Chromium draws it, at the screens the rooms have: the page and its
// assets served from here, `/status` and `/session` answered by the test (no agent, no VM).
const assets = path.join(import.meta.dirname, "assets");
/** The screens are kept with the docs, to be looked at (docs/architecture.md). */
const shot = (name: string) => path.join(import.meta.dirname, "../../../docs/screens", `${name}.png`);
const screens = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const now = new Date("2026-12-07T15:52:00Z");
const schedule = {
  room: { id: "00000000-0000-4000-8000-000000000001", name: "Salle Toulouse-Lautrec" },
  timezone: "Europe/Paris",
  sessions: [],
} as never;

function view(status: Partial<StatusView>): StatusView {
  return buildStatusView({
    status: {
      state: "idle",
      user: null,
      session: null,
      master: null,
      accel: null,
      accelReason: null,
      since: now.toISOString(),
      message: null,
      hasVnc: false,
      ...status,
    },
    schedule,
    roomFallback: "Salle",
    grace: { beforeMinutes: 15, afterMinutes: 0 },
    display: "none",
    hint: "Démo : identifiant et mot de passe du stagiaire",
    now,
  });
}
const running = () =>
  view({
    state: "running",
    user: { username: "i.fabre", displayName: "Isabelle Fabre" },
    session: {
      id: "00000000-0000-4000-8000-000000000002",
      trainingTitle: "Bureautique débutant : Word et Excel au quotidien",
      startsAt: "2026-12-07T13:30:00Z",
      endsAt: "2026-12-07T16:00:00Z",
    },
  });

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
});
afterAll(() => browser?.close());

/** A page showing `first`, whose polls get `status()` and whose calls to /session are counted. */
async function open(screen: { width: number; height: number }, first: StatusView, status = () => first) {
  const page = await browser.newPage({ viewport: screen });
  const calls: string[] = [];
  await page.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/")
      return route.fulfill({ contentType: "text/html; charset=utf-8", body: renderLoginPage(first) });
    if (url.pathname.startsWith("/assets/"))
      return route.fulfill({
        contentType: url.pathname.endsWith(".css") ? "text/css" : "text/javascript",
        body: await readFile(path.join(assets, path.basename(url.pathname)), "utf8"),
      });
    if (url.pathname === "/status") return route.fulfill({ json: status() });
    calls.push(`${route.request().method()} ${url.pathname}`);
    if (url.pathname === "/session" && route.request().method() === "POST")
      return route.fulfill({
        status: 401,
        json: { error: { code: "unauthenticated", message: "Identifiant ou mot de passe incorrect." } },
      });
    return route.fulfill({ json: view({}) });
  });
  await page.goto("http://kiosk.test/");
  return { page, calls };
}

const bottomOf = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e) => e.getBoundingClientRect().bottom);

describe("the kiosk's login page at the rooms' screen sizes", () => {
  for (const screen of screens) {
    it(`keeps a refused login's message and the button on a ${screen.width}×${screen.height} screen`, async () => {
      const { page } = await open(screen, view({}));
      await page.screenshot({ path: shot(`kiosk-login-${screen.width}x${screen.height}`) });
      await page.fill("#username", "j.dupont");
      await page.fill("#password", "pas-le-bon");
      await page.press("#password", "Enter");
      await expect.poll(() => page.textContent("#message")).toBe("Identifiant ou mot de passe incorrect.");
      expect(await bottomOf(page, "#message")).toBeLessThanOrEqual(screen.height);
      expect(await bottomOf(page, "#submit")).toBeLessThanOrEqual(screen.height);
      await page.screenshot({ path: shot(`kiosk-error-${screen.width}x${screen.height}`) });
      await page.close();
    });

    it(`separates the name from the training and elides 'de' (${screen.width}×${screen.height})`, async () => {
      const { page } = await open(screen, running());
      expect(await page.textContent(".bar-who")).toBe("Session d'Isabelle Fabre");
      expect(await page.textContent(".bar-training")).toBe(
        "Formation : Bureautique débutant : Word et Excel au quotidien",
      );
      const who = await page.locator(".bar-who").boundingBox();
      const training = await page.locator(".bar-training").boundingBox();
      expect(training!.y).toBeGreaterThanOrEqual(who!.y + who!.height);
      await page.screenshot({ path: shot(`kiosk-session-${screen.width}x${screen.height}`) });
      await page.close();
    });
  }

  // 1280×800: the kiosk OS's screen under QEMU, where a three-line notice once scrolled the
  // page and cut the notice's first line off.
  for (const screen of [...screens, { width: 1280, height: 800 }]) {
    it(`shows a failed update's notice whole, above the form and its button, without scrolling (${screen.width}×${screen.height})`, async () => {
      const notice = systemNotice(
        {
          osVersion: "2026.12.06-2",
          slot: "b",
          lastUpdate: {
            version: "2026.12.06-3",
            outcome: "rolled_back",
            at: now.toISOString(),
            reason: "l'agent n'a pas répondu en 120 s",
          },
        },
        now,
      );
      const { page } = await open(screen, view({}), () => ({ ...view({}), systemNotice: notice }));
      const banner = page.locator("#system-notice");
      await expect.poll(() => banner.isVisible()).toBe(true);
      expect(await banner.textContent()).toContain("2026.12.06-3 non démarrée");
      expect(await page.evaluate("document.scrollingElement.scrollHeight")).toBeLessThanOrEqual(
        screen.height,
      );
      expect(await page.evaluate("window.scrollY")).toBe(0);
      // Two lines at most.
      expect(await banner.evaluate((e) => e.getBoundingClientRect().height)).toBeLessThanOrEqual(90);
      expect(await bottomOf(page, "#submit")).toBeLessThanOrEqual(screen.height);
      if (screen.width === 1280) await page.screenshot({ path: shot("kiosk-update-notice-1280x800") });
      await page.close();
    });
  }

  it("asks before logging out, saying the work will be erased, and logs out only when confirmed", async () => {
    const { page, calls } = await open(screens[0]!, running());
    await page.getByRole("button", { name: /^Se déconnecter/ }).click();
    const dialog = page.getByRole("dialog", { name: /Se déconnecter \?/ });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain("Tout le travail de cette session sera effacé de ce poste");
    expect(await dialog.getByRole("checkbox", { name: /^Je confirme ma présence/ }).isVisible()).toBe(true);
    await page.screenshot({ path: shot("kiosk-logout-1366x768") });
    await dialog.getByRole("button", { name: /^Continuer ma session/ }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect(calls).toEqual([]);
    // The trainee's own émargement travels with the logout; the box starts unticked each time.
    await page.getByRole("button", { name: /^Se déconnecter/ }).click();
    const box = dialog.getByRole("checkbox", { name: /^Je confirme ma présence/ });
    expect(await box.isChecked()).toBe(false);
    await box.check();
    const request = page.waitForRequest((r) => r.method() === "DELETE");
    await dialog.getByRole("button", { name: /^Me déconnecter et tout effacer/ }).click();
    expect(JSON.parse((await request).postData() ?? "null")).toEqual({ confirmPresence: true });
    await expect.poll(() => calls).toEqual(["DELETE /session"]);
    await page.close();
  });

  it("warns before the session's end time, more strongly in the last minutes", async () => {
    let status = running();
    const { page } = await open(screens[0]!, status, () => status);
    const banner = page.locator("#end-warning");
    expect(await banner.textContent()).toBe(
      "La session se termine à 17h00, dans 8 minutes : pensez à enregistrer votre travail ailleurs que sur ce poste (clé USB, messagerie, espace en ligne).",
    );
    expect(await banner.getAttribute("data-level")).toBe("soon");
    status = {
      ...status,
      endWarning: { level: "imminent", text: "La session se termine à 17h00, dans 2 minutes" },
    };
    await expect.poll(() => banner.getAttribute("data-level")).toBe("imminent");
    await page.screenshot({ path: shot("kiosk-warning-1366x768") });
    await page.close();
  });
});
