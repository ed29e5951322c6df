import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { demoAccounts } from "@tremplin/db/seed-demo";
import { buildKioskOsImage, KioskOsVm } from "../fixtures/kiosk-os-vm";
import { screensDir } from "../fixtures/screens";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

const label = "TAR-S1-P12";
const room = "Salle Pic du Midi";
const serial = "NUC-TEST-0042";

// A whole NUC under software emulation: builds from the cached Debian part, boots in minutes.
test.describe.configure({ mode: "serial", timeout: 30 * 60_000 });

let work: string;
let vm: KioskOsVm | undefined;
let site: string;
let store: string;

test.beforeAll(async ({ baseURL }) => {
  work = await mkdtemp(path.join(tmpdir(), "tremplin-kiosk-os-"));
  const ldap = JSON.parse(process.env.E2E_LDAP ?? "{}") as {
    servername: string;
    caFile: string;
    baseDn: string;
  };
  const port = new URL(baseURL!).port;
  site = path.join(work, "site.json");
  await writeFile(
    site,
    JSON.stringify({
      // The host's loopback is 10.0.2.2 for the guest; its DC is forwarded to 10.0.2.100.
      portal: { url: `http://10.0.2.2:${port}`, plainHttp: true },
      directory: { url: `ldaps://${ldap.servername}:636`, baseDn: ldap.baseDn, caFile: ldap.caFile },
      masterSync: {
        trustedKeyFiles: [process.env.E2E_MASTERS_PUB],
        portalFallback: true,
        anyTime: true,
        everyMinutes: 1,
      },
      hosts: [{ ip: "10.0.2.100", names: [ldap.servername] }],
    }),
  );
  store = path.join(work, "store");
  await mkdir(store, { recursive: true });
});

test.afterAll(async () => {
  await vm?.stop();
  await rm(work, { recursive: true, force: true });
});

const screenFile = (name: string) => path.join(screensDir, `${name}.png`);

async function registrationCode(page: Page): Promise<string> {
  await signIn(page, demoAccounts.itAdmin.username);
  await page.goto("/dsi/salles");
  await page.getByText(room, { exact: true }).click();
  await page.getByRole("button", { name: `Générer un code d'enregistrement pour ${label}` }).click();
  const code = (await page.getByText(`Code pour ${label} :`).locator("code").textContent())?.trim();
  expect(code).toMatch(/^[A-Z0-9-]{6,}$/);
  return code!;
}

test("a new NUC boots the kiosk OS to its first-boot screen, takes IT's code and shows its room's login screen", async ({
  page,
}) => {
  const v1 = await buildKioskOsImage({
    version: "2026.12.06-1",
    siteFile: site,
    outDir: path.join(work, "out"),
    workDir: path.join(work, "build"),
    store,
    key: process.env.E2E_MASTERS_KEY!,
    healthTimeoutSeconds: 120,
  });
  const ldap = JSON.parse(process.env.E2E_LDAP ?? "{}") as { hostIp: string };
  const vmDir = path.join(work, "vm");
  await mkdir(vmDir, { recursive: true });
  vm = await KioskOsVm.boot({ image: v1.qcow2, dir: vmDir, serial, ldap: { host: ldap.hostIp, port: 636 } });

  // Whoever stands at the post reads its serial number and network state to IT.
  const first = await vm.waitForScreen(/Enregistrement du poste/, 8 * 60_000);
  expect(first).toContain(serial);
  expect(first).toMatch(/10\.0\.2\.\d+/);
  await vm.screenshot(screenFile("kiosk-os-first-boot-1280x800"));

  const code = await registrationCode(page);
  // A code typed wrong is refused on the screen, and the post stays on it.
  await vm.type("WRONG-CODE", true);
  await vm.waitForScreen(/Code inconnu/, 2 * 60_000);
  for (let i = 0; i < 12; i++) await vm.press("backspace");
  await vm.type(code.toLowerCase(), true);

  // Registered: the agent takes over the screen with the room's name from the portal's schedule.
  const login = await vm.waitForScreen(/Pic du Midi[\s\S]*Connexion/, 5 * 60_000);
  expect(login).toMatch(/Identifiant/);
  await vm.screenshot(screenFile("kiosk-os-login-1280x800"));

  // The portal knows which physical machine serves as this post.
  await page.goto("/dsi/salles");
  await page.getByText(room, { exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: label })).not.toContainText("Non enregistré");
});
