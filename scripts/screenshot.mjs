// Usage: node scripts/screenshot.mjs <url> <out.png> [width]
// Takes a full-page screenshot in Debian's Chromium, to look at a page as its users would.
import { chromium } from "playwright-core";

const [url, out, width = "1280"] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: node scripts/screenshot.mjs <url> <out.png> [width]");
  process.exit(1);
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: Number(width), height: 800 }, locale: "fr-FR" });
await page.goto(url, { waitUntil: "load" });
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(out);
