import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseVerifierKey } from "./signed-note";
import { loadOrCreateVaultKeys, originForBaseUrl, readVaultKeys } from "./vault-keys";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vault-keys-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("vault keys", () => {
  it("derive the origin from the portal's public address", () => {
    expect(originForBaseUrl("https://formation.region.fr/")).toBe("formation.region.fr/api/v1/vault");
    expect(originForBaseUrl("http://localhost:3000")).toBe("localhost:3000/api/v1/vault");
  });

  it("are created once, owner-only, and the same for processes starting together", async () => {
    const file = path.join(dir, "vault", "keys.json");
    const all = await Promise.all(
      Array.from({ length: 5 }, () => loadOrCreateVaultKeys(file, "example.test/vault")),
    );
    expect(new Set(all.map((k) => k.verifierKey)).size).toBe(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await readVaultKeys(file);
    expect(again.verifierKey).toBe(all[0]!.verifierKey);
    expect(parseVerifierKey(again.verifierKey).name).toBe("example.test/vault");
    expect(await readFile(file, "utf8")).toContain("PRIVATE+KEY+example.test/vault+");
  });

  it("say which file is missing or unreadable", async () => {
    await expect(readVaultKeys(path.join(dir, "none.json"))).rejects.toThrow(/absentes .*none\.json/);
    const bad = path.join(dir, "bad.json");
    await writeFile(bad, "{}");
    await expect(readVaultKeys(bad)).rejects.toThrow(/illisibles .*bad\.json/);
  });
});
