import { defineConfig } from "@playwright/test";

// Debian's Chromium: Playwright's own browser download cannot run here (FACTS.md).
const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "./journeys",
  globalSetup: "./fixtures/global-setup.ts",
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  fullyParallel: false,
  outputDir: "./test-results",
  reporter: [["list"], ["json"]],
  use: {
    browserName: "chromium",
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumFlags },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
});
