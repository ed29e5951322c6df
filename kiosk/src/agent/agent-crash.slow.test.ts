import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { CheckInEvent, CheckOutEvent } from "@tremplin/domain/device";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kioskRoot } from "../paths";
import { findQemuOn } from "../qemu/leftovers";
import { type AgentProcess, spawnAgent } from "../testing/agent-process";
import { login, logout, status } from "../testing/http";
import { type KioskWorld, startKioskWorld } from "../testing/kiosk-world";
import { waitFor } from "../testing/wait-for";

let world: KioskWorld;
const agents: AgentProcess[] = [];

beforeAll(async () => {
  // What a NUC runs: the production bundle with the unit's Node flags (see agentCommands).
  await execa(process.execPath, [path.join(kioskRoot, "scripts/build.mjs")]);
  world = await startKioskWorld({ masterMode: "demo" });
});
afterAll(async () => {
  for (const a of agents) {
    a.child.kill("SIGTERM");
    await a.exited;
  }
  await world?.stop();
});

async function start(file: string): Promise<AgentProcess> {
  const agent = await spawnAgent(file, { form: "bundle" });
  agents.push(agent);
  return agent;
}

describe("an agent killed with SIGKILL mid-session", () => {
  it("restarts clean: no overlay, no QEMU, the session checked out as interrupted, the post usable", async () => {
    const { config, file } = await world.config({ logLevel: "info" });
    const sessionFiles = async () => (await readdir(config.overlayDir)).filter((f) => f.startsWith("vm-"));

    const first = await start(file);
    await waitFor(
      "schedule received",
      async () => (await status(first.url)).body.room === "Salle Jean Moulin",
    );
    const r = await login(first.url, world.learner.username, world.learner.password);
    expect(r.body.state).toBe("running");
    await waitFor(
      "guest booted",
      async () => (await readFile(config.serialFile!, "utf8")).includes("TREMPLIN-BOOT"),
      60_000,
    );
    await waitFor("check-in delivered", () =>
      [...world.portal.stored.values()].some((e) => e.type === "check_in"),
    );
    const overlay = (await sessionFiles()).find((f) => f.endsWith(".qcow2"))!;

    first.child.kill("SIGKILL");
    await first.exited;
    const killedAt = Date.now();
    // The dead agent could not clean up: its overlay is still on disk (QEMU dies with it, pdeathsig).
    await access(path.join(config.overlayDir, overlay));
    await waitFor("QEMU gone with its agent", async () => (await findQemuOn(config.overlayDir)).length === 0);

    const second = await start(file);
    expect(await sessionFiles()).toEqual([]);
    expect((await status(second.url)).body).toMatchObject({ state: "idle", message: null });

    await waitFor("interrupted check-out delivered", () =>
      [...world.portal.stored.values()].some((e) => e.type === "check_out"),
    );
    const events = [...world.portal.stored.values()];
    const checkIn = events.find((e) => e.type === "check_in") as CheckInEvent;
    const checkOuts = events.filter((e) => e.type === "check_out") as CheckOutEvent[];
    expect(checkOuts).toHaveLength(1);
    expect(checkOuts[0]).toMatchObject({
      reason: "interrupted",
      checkInId: checkIn.id,
      sessionId: world.sessionId,
    });
    // Dated when the session was last known alive, not at the restart.
    expect(Date.parse(checkOuts[0]!.occurredAt)).toBeLessThanOrEqual(killedAt);
    expect(events.filter((e) => e.type === "check_in")).toHaveLength(1);

    const again = await login(second.url, world.learner.username, world.learner.password);
    expect(again.body.state).toBe("running");
    expect((await logout(second.url)).body.state).toBe("idle");
    expect(await sessionFiles()).toEqual([]);
  });
});
