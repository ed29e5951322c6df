import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { withBootSignature } from "@tremplin/image-format/test-data";
import { publishToPortal } from "../fixtures/image-builder-cli";
import { shoot } from "../fixtures/screens";
import { signIn } from "../fixtures/sign-in";
import { expect, test } from "../fixtures/system";

// A master of this run's own, so that the clean-up removes nothing another journey relies on
// (the demo masters have one version each, which a keep of 1 always keeps).
const name = `journee-${randomBytes(3).toString("hex")}`;
let work: string;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "e2e-masters-store-"));
  const tokenFile = path.join(work, "publish-token");
  await writeFile(tokenFile, process.env.E2E_PUBLISH_TOKEN ?? "");
  // Two versions of a 2 MiB disk that differ in their second half.
  const disk = withBootSignature(randomBytes(2 << 20)); // publish takes a raw file that looks like a disk
  for (const version of ["1", "2"]) {
    if (version === "2") randomBytes(1 << 20).copy(disk, 1 << 20);
    const file = path.join(work, `${version}.raw`);
    await writeFile(file, disk);
    const [portal, key] = [process.env.E2E_PORTAL_URL!, process.env.E2E_MASTERS_KEY!];
    await publishToPortal({ disk: file, name, version, portal, tokenFile, key });
  }
});
test.afterAll(async () => rm(work, { recursive: true, force: true }));

test("IT previews the store's clean-up, then removes the version nothing uses past the newest", async ({
  page,
}) => {
  await signIn(page, "s.garcia");
  await page.goto("/dsi/masters");
  const store = page.getByRole("region", { name: "Dépôt du portail" });
  const row = (version: string) => store.getByRole("row", { name: new RegExp(`^${name} ${version} `) });
  await expect(row("1")).toContainText("non");
  await expect(row("2")).toBeVisible();

  const keep = store.getByLabel("Versions récentes à garder par master");
  await keep.fill("1");
  await store.getByRole("button", { name: "Aperçu" }).click();
  const said = store.getByRole("status");
  await expect(said).toContainText(`${name} 1`);
  await expect(said).toContainText("Rien n'a été supprimé.");
  await expect(said).not.toContainText(`${name} 2`);
  await expect(keep).toHaveValue("1"); // what was previewed stays in the field
  await shoot(page, "it-masters-store");
  await page.reload();
  await expect(row("1")).toBeVisible();

  await keep.fill("1");
  await store.getByRole("button", { name: "Supprimer" }).click();
  await expect(store.getByRole("status")).toContainText(`Supprimé : `);
  await expect(store.getByRole("status")).toContainText(`${name} 1`);
  await page.reload();
  await expect(row("1")).toHaveCount(0);
  await expect(row("2")).toBeVisible();

  // The device API no longer knows version 1; version 2 is whole.
  const api = process.env.E2E_PORTAL_URL;
  expect((await page.request.get(`${api}/api/v1/masters/${name}/1/manifest`)).status()).not.toBe(200);
});
