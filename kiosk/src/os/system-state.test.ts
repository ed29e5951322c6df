import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemNotice } from "../login-page/view";
import { readSystemState } from "./system-state";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function post(files: Record<string, string>) {
  const root = await mkdtemp(path.join(tmpdir(), "system-state-"));
  dirs.push(root);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return {
    osRelease: path.join(root, "os.json"),
    stateDir: path.join(root, "state"),
    cmdline: path.join(root, "cmdline"),
  };
}

describe("readSystemState", () => {
  it("reads the version, the booted slot and the last update's outcome", async () => {
    const lastUpdate = {
      version: "3",
      outcome: "rolled_back",
      reason: "pas de réponse",
      at: "2026-12-06T02:10:00.000Z",
    };
    const paths = await post({
      "os.json": JSON.stringify({ name: "tremplin-kiosk-os", version: "2" }),
      cmdline: "root=PARTUUID=x rw tremplin.slot=b quiet\n",
      "state/last-update.json": JSON.stringify(lastUpdate),
    });
    const state = await readSystemState(paths);
    expect(state).toEqual({ osVersion: "2", slot: "b", lastUpdate });
    expect(systemNotice(state, new Date("2026-12-06T08:00:00Z"))).toMatch(
      /vers 3 non démarrée.*version précédente, 2\./,
    );
    expect(systemNotice(state, new Date("2026-12-08T08:00:00Z"))).toBeNull();
  });

  it("is undefined on a post installed by hand, and ignores an unreadable outcome", async () => {
    expect(await readSystemState(await post({ cmdline: "root=/dev/sda1" }))).toBeUndefined();
    const paths = await post({
      "os.json": JSON.stringify({ name: "tremplin-kiosk-os", version: "2" }),
      cmdline: "tremplin.slot=a",
      "state/last-update.json": "{not json",
    });
    expect(await readSystemState(paths)).toEqual({ osVersion: "2", slot: "a", lastUpdate: null });
  });
});
