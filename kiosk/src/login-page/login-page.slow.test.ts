import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KioskAgentHandle, startKioskAgent } from "../agent/start-agent";
import { createLogger } from "../log";
import { type KioskWorld, startKioskWorld } from "../testing/kiosk-world";
import { waitFor } from "../testing/wait-for";

let world: KioskWorld;
let agent: KioskAgentHandle;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  world = await startKioskWorld({ masterMode: "demo" });
  const { config } = await world.config({
    display: "vnc",
    vm: { accelerator: "tcg", powerdownTimeoutSeconds: 5 },
    demo: { hint: "Démo : identifiant et mot de passe du stagiaire" },
  });
  agent = await startKioskAgent(config, { log: createLogger({ level: "warn" }) });
  await waitFor("schedule from the portal", () => agent.schedule.schedule !== undefined);
  // FACTS.md: Debian's Chromium with these flags, a fresh profile per launch.
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await world?.stop();
});

describe("the login screen in real Chromium", () => {
  it("shows the room, the session and the clock, in French", async () => {
    await page.goto(agent.url);
    expect(await page.getAttribute("html", "lang")).toBe("fr");
    await expect.poll(() => page.textContent("#room")).toBe("Salle Jean Moulin");
    expect(await page.textContent("#sessions")).toContain("Session en cours Bureautique débutant");
    await expect.poll(() => page.textContent("#clock")).toMatch(/^\d{2}:\d{2}$/);
    expect(await page.textContent(".hint")).toContain("Démo");
  });

  it("refuses a wrong password with the directory's message and puts the cursor back on the password", async () => {
    await page.keyboard.type(world.learner.username);
    await page.keyboard.press("Tab");
    await page.keyboard.type("pas-le-bon");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#message")).toBe("Identifiant ou mot de passe incorrect.");
    expect(await page.evaluate<string | undefined>("document.activeElement?.id")).toBe("password");
  });

  it("logs in from the keyboard alone, shows the VM through noVNC with the TCG banner, logs out", async () => {
    await page.fill("#username", "");
    await page.focus("#username");
    await page.keyboard.type(world.learner.username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(world.learner.password);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#session-bar:not([hidden])", { timeout: 60_000 });
    expect(await page.isVisible("#login-form")).toBe(false);
    expect(await page.textContent("#bar-user")).toBe("Jeanne Dupont");
    expect(await page.textContent("#tcg-banner")).toContain("sans accélération matérielle");
    // noVNC sizes its canvas to the guest's framebuffer once the VNC session is up…
    await expect
      .poll(() => page.evaluate<number>(`document.querySelector("#vnc canvas")?.width ?? 0`), {
        timeout: 60_000,
      })
      .toBeGreaterThan(300);
    expect(await page.isVisible("#message")).toBe(false);
    // The guest's console text reaches the canvas: some pixel is not black.
    await expect
      .poll(
        () =>
          page.evaluate<boolean>(`(() => {
            const canvas = document.querySelector("#vnc canvas");
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            return data.some((v, i) => i % 4 !== 3 && v > 0);
          })()`),
        { timeout: 60_000 },
      )
      .toBe(true);
    // …and is shown at a real size on the page (noVNC scales it to its box).
    const shown = await page.evaluate<number>(
      `document.querySelector("#vnc canvas").getBoundingClientRect().width`,
    );
    expect(shown).toBeGreaterThan(600);

    await page.getByRole("button", { name: /^Se déconnecter/ }).press("Enter");
    // Logging out erases the session's work: the page asks first, from the keyboard too.
    const confirm = page.getByRole("dialog").getByRole("button", { name: /^Me déconnecter et tout effacer/ });
    await confirm.focus();
    await confirm.press("Enter");
    await page.waitForSelector("#login-form:not([hidden])", { timeout: 60_000 });
    expect(await page.isVisible("#tcg-banner")).toBe(false);
    expect(await page.locator("#vnc canvas").count()).toBe(0);
    await expect.poll(() => page.evaluate<string | undefined>("document.activeElement?.id")).toBe("username");
    expect(agent.agent.status().state).toBe("idle");
  });
});
