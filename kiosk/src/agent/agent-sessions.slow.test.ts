import { randomUUID } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CheckOutEvent, ScheduleResponse } from "@tremplin/domain/device";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../log";
import { installMaster } from "../masters/catalog";
import { login, status } from "../testing/http";
import { type KioskWorld, startKioskWorld } from "../testing/kiosk-world";
import { waitFor } from "../testing/wait-for";
import { type KioskAgentHandle, startKioskAgent } from "./start-agent";

let world: KioskWorld;
let agent: KioskAgentHandle;
let serialFile: string;
let overlayDir: string;
let mastersDir: string;
let initialSchedule: ScheduleResponse;

beforeAll(async () => {
  world = await startKioskWorld({ masterMode: "test" });
  const { config } = await world.config();
  serialFile = config.serialFile!;
  overlayDir = config.overlayDir;
  mastersDir = config.mastersDir;
  initialSchedule = world.portal.state.schedule!;
  agent = await startKioskAgent(config, { log: createLogger({ level: "warn" }) });
  await waitFor("schedule from the portal", () => agent.schedule.schedule !== undefined);
});
afterAll(async () => {
  await agent?.stop();
  await world?.stop();
});

const sessionFiles = async () => (await readdir(overlayDir)).filter((f) => f.startsWith("vm-"));

/** Points this room's session at another master and waits for the agent to have it. */
async function sessionMaster(master: { name: string; version: string }) {
  const schedule = structuredClone(initialSchedule);
  schedule.sessions[0]!.master = master;
  schedule.generatedAt = new Date().toISOString();
  world.portal.state.schedule = schedule;
  await waitFor(
    "new schedule",
    () => agent.schedule.schedule?.sessions[0]?.master?.name === master.name,
    15_000,
  );
}

/** One session of the test master: it reports the marker, writes one, and powers itself off. */
async function oneSession(): Promise<string> {
  const r = await login(agent.url, world.learner.username, world.learner.password);
  expect(r.body.state).toBe("running");
  await waitFor(
    "guest powered itself off, post back to idle",
    async () => (await status(agent.url)).body.state === "idle",
    90_000,
  );
  return readFile(serialFile, "utf8");
}

describe("sessions on a real VM", () => {
  it("gives the second user a clean disk: the first one's marker is gone", async () => {
    const first = await oneSession();
    expect(first).toContain("TREMPLIN-MARKER: absent");
    expect(first).toContain("TREMPLIN-MARKER: written");
    const second = await oneSession();
    expect(second).toContain("TREMPLIN-MARKER: absent");
    expect(second).not.toContain("TREMPLIN-MARKER: present");
    expect(await sessionFiles()).toEqual([]);

    await waitFor("check-outs delivered", () => agent.outbox.depth === 0);
    const checkOuts = [...world.portal.stored.values()].filter(
      (e) => e.type === "check_out",
    ) as CheckOutEvent[];
    expect(checkOuts.map((e) => e.reason)).toEqual(["poweroff", "poweroff"]);
  });

  it("refuses clearly when the session's master is not on the post, and records the error", async () => {
    await sessionMaster({ name: "absent", version: "9" });
    const r = await login(agent.url, world.learner.username, world.learner.password);
    expect(r.status).toBe(503);
    expect(r.body.error?.message).toBe("Le master « absent » version 9 n'est pas présent sur ce poste.");
    expect((await status(agent.url)).body).toMatchObject({ state: "idle", message: r.body.error?.message });
    await waitFor("error event delivered", () =>
      [...world.portal.stored.values()].some((e) => e.type === "error" && e.message.includes("absent")),
    );
  });

  it("refuses a master that QEMU cannot use, leaving nothing behind", async () => {
    const junk = path.join(world.dir, "junk.qcow2");
    await writeFile(junk, randomUUID().repeat(1000));
    await installMaster(mastersDir, { name: "junk", version: "1", file: junk });
    await sessionMaster({ name: "junk", version: "1" });
    const r = await login(agent.url, world.learner.username, world.learner.password);
    expect(r.status).toBe(503);
    expect(r.body.error?.message).toMatch(/^Impossible de préparer le disque de session/);
    expect((await status(agent.url)).body.state).toBe("idle");
    expect(await sessionFiles()).toEqual([]);
    await sessionMaster(initialSchedule.sessions[0]!.master!);
  });
});
