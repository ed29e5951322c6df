import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

const screens = path.join(import.meta.dirname, "../../docs/screens");
const label = "PER-S3-P01";
const api = "/api/v1/kiosks";

/** What the kiosk OS's agent sends: its code, and the DMI serial of the NUC it runs on. */
async function registerMachine(request: APIRequestContext, code: string, serial: string): Promise<string> {
  const response = await request.post(`${api}/register`, {
    data: { code, hostname: "kiosk", agentVersion: "0.2.0", hardware: { serial, product: "NUC11TNHi5" } },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).token;
}

function heartbeat(system: unknown) {
  return {
    sentAt: new Date().toISOString(),
    agentVersion: "0.2.0",
    state: "idle",
    accelerator: "kvm",
    acceleratorReason: null,
    outboxDepth: 0,
    masters: [],
    inventory: {
      cpu: { model: "Intel Core i5-1135G7", cores: 8, physicalCores: 4, virtualization: true },
      memory: { totalBytes: 16 * 1024 ** 3, availableBytes: 12 * 1024 ** 3 },
      disk: { mount: "/data", totalBytes: 480 * 1024 ** 3, freeBytes: 300 * 1024 ** 3 },
      network: [],
      os: { distro: "Tremplin", release: "2026.12", kernel: "6.1", arch: "x64", hostname: "kiosk" },
      uptimeSeconds: 600,
    },
    system,
  };
}
const schedule = (request: APIRequestContext, token: string) =>
  request.get(`${api}/me/schedule`, { headers: { authorization: `Bearer ${token}` } });

test("IT puts a spare NUC in place of a dead post: the old token stops, the post keeps its name and history", async ({
  page,
  request,
}) => {
  // Two registrations, a heartbeat and four page loads: more than the default on a busy machine.
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "s.garcia");

  // The post's first NUC, registered with a code from "Sites et salles"; its last update rolled back.
  await page.goto("/dsi/salles");
  await page.getByText("Salle Arago", { exact: true }).click();
  await page.getByRole("button", { name: `Générer un code d'enregistrement pour ${label}` }).click();
  const first = (await page.getByText(`Code pour ${label} :`).locator("code").textContent())!.trim();
  const deadToken = await registerMachine(request, first, "G6NUC-0042");
  const rolledBack = {
    osVersion: "2026.12.1",
    slot: "b",
    lastUpdate: {
      version: "2026.12.2",
      outcome: "rolled_back",
      reason: "pas de signal de bonne santé en 5 minutes",
      at: new Date().toISOString(),
    },
  };
  const beat = await request.post(`${api}/me/heartbeat`, {
    data: heartbeat(rolledBack),
    headers: { authorization: `Bearer ${deadToken}` },
  });
  expect(beat.status()).toBe(200);

  await page.goto("/dsi/parc");
  const row = page
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
  await expect(row).toContainText("2026.12.1 · emplacement B");
  await expect(row.getByRole("alert")).toContainText("Mise à jour 2026.12.2 annulée");
  await expect(row.getByRole("alert")).toContainText("pas de signal de bonne santé");
  await expect(row).toContainText("G6NUC-0042");

  await row.getByText("Remplacer par un poste de secours…").click();
  await expect(row).toContainText("le jeton de la machine en panne cesse de fonctionner");
  await row.getByRole("button", { name: `Générer un code de remplacement pour ${label}` }).click();
  const code = row.getByText(`Code de remplacement pour ${label} :`).locator("code");
  await expect(code).toHaveText(/^[A-Z0-9-]{6,}$/);
  const replacement = (await code.textContent())!.trim();
  // Until the spare registers, the post still works: the machine may not be dead after all.
  expect((await schedule(request, deadToken)).status()).toBe(200);
  await code.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screens, "it-fleet-replace-1366x768.png") });

  const spareToken = await registerMachine(request, replacement, "G6NUC-0077");
  expect((await schedule(request, deadToken)).status()).toBe(401);
  const spareSchedule = await schedule(request, spareToken);
  expect(spareSchedule.status()).toBe(200);
  expect(await spareSchedule.json()).toMatchObject({ kiosk: { label }, room: { name: "Salle Arago" } });

  // The spare boots the image from the USB stick: the same OS, on its first slot.
  const spareBeat = await request.post(`${api}/me/heartbeat`, {
    data: heartbeat({ osVersion: "2026.12.1", slot: "a", lastUpdate: null }),
    headers: { authorization: `Bearer ${spareToken}` },
  });
  expect(spareBeat.status()).toBe(200);

  await page.reload();
  await expect(row).toContainText("G6NUC-0077");
  await expect(row).toContainText("2026.12.1 · emplacement A");
  await expect(row.getByRole("alert")).toHaveCount(0);
  await row.getByText("Machines ayant servi (2)").click();
  const history = row.getByRole("table", { name: `Machines ayant servi comme poste ${label}` });
  await expect(history.getByRole("row")).toHaveCount(3);
  await expect(history.getByRole("row").nth(1)).toContainText("en service");
  await expect(history.getByRole("row").nth(2)).toContainText("G6NUC-0042");
  await expect(history.getByRole("row").nth(2)).not.toContainText("en service");
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screens, "it-fleet-machines-1366x768.png") });

  await page.goto("/dsi/audit?action=kiosk.replaced");
  const entry = page.getByRole("row").filter({ hasText: label });
  await expect(entry.getByRole("cell", { name: "Poste remplacé par un poste de secours" })).toBeVisible();
  await expect(entry).toContainText("Ancien n° de série : G6NUC-0042");
  await expect(entry).toContainText("Nouveau n° de série : G6NUC-0077");
});
