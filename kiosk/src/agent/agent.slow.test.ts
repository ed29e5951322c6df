import { readdir, readFile } from "node:fs/promises";
import type { CheckInEvent, CheckOutEvent, DeviceEvent } from "@tremplin/domain/device";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../log";
import { findQemuOn } from "../qemu/leftovers";
import { login, logout, status } from "../testing/http";
import { type KioskWorld, startKioskWorld } from "../testing/kiosk-world";
import { waitFor } from "../testing/wait-for";
import { type KioskAgentHandle, startKioskAgent } from "./start-agent";

let world: KioskWorld;
let agent: KioskAgentHandle;
let overlayDir: string;
let serialFile: string;

beforeAll(async () => {
  world = await startKioskWorld({ masterMode: "demo" });
  const { config } = await world.config();
  overlayDir = config.overlayDir;
  serialFile = config.serialFile!;
  agent = await startKioskAgent(config, { log: createLogger({ level: "warn" }) });
  await waitFor("schedule from the portal", () => agent.schedule.schedule !== undefined);
});
afterAll(async () => {
  await agent?.stop();
  await world?.stop();
});

const sessionFiles = async () => (await readdir(overlayDir)).filter((f) => f.startsWith("vm-"));
const eventsAtPortal = (type: DeviceEvent["type"]) =>
  [...world.portal.stored.values()].filter((e) => e.type === type);

describe("kiosk agent with a real AD and a real VM", () => {
  it("logs a learner in, runs the VM, logs out: overlay gone, check-in and check-out at the portal", async () => {
    const before = world.portal.stored.size;
    const r = await login(agent.url, world.learner.username.toUpperCase(), world.learner.password);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      state: "running",
      user: { username: world.learner.username.toLowerCase(), displayName: "Jeanne Dupont" },
      session: { id: world.sessionId, trainingTitle: "Bureautique débutant" },
      master: world.master,
      accel: "tcg",
      room: "Salle Jean Moulin",
    });
    expect(await sessionFiles()).toContainEqual(expect.stringMatching(/^vm-.*\.qcow2$/));
    await waitFor(
      "the guest booted",
      async () => (await readFile(serialFile, "utf8")).includes("TREMPLIN-BOOT"),
      60_000,
    );

    const second = await login(agent.url, world.trainer.username, world.trainer.password);
    expect(second.status).toBe(409);
    expect(second.body.error?.message).toMatch(/déjà ouverte/);

    // The trainee ticks "Je confirme ma présence" in the logout dialog.
    const out = await logout(agent.url, { confirmPresence: true });
    expect(out.body).toMatchObject({ state: "idle", user: null, message: null });
    expect(await sessionFiles()).toEqual([]);
    expect(await findQemuOn(overlayDir)).toEqual([]);

    await waitFor(
      "check-in, confirmation and check-out delivered",
      () => world.portal.stored.size === before + 3,
    );
    const checkIn = eventsAtPortal("check_in").at(-1) as CheckInEvent;
    const checkOut = eventsAtPortal("check_out").at(-1) as CheckOutEvent;
    expect(eventsAtPortal("presence_confirmed")).toEqual([
      expect.objectContaining({
        checkInId: checkIn.id,
        sessionId: world.sessionId,
        username: checkIn.username,
      }),
    ]);
    expect(checkIn).toMatchObject({
      username: world.learner.username.toLowerCase(),
      sessionId: world.sessionId,
      role: "learner",
      accelerator: "tcg",
      post: "Salle Jean Moulin — poste 1",
    });
    expect(checkOut).toMatchObject({ checkInId: checkIn.id, reason: "logout", sessionId: world.sessionId });
    expect(Date.parse(checkOut.occurredAt)).toBeGreaterThanOrEqual(Date.parse(checkIn.occurredAt));
    expect(agent.outbox.depth).toBe(0);
  });

  it("refuses with the directory's or the policy's French reason, and stays usable", async () => {
    const wrong = await login(agent.url, world.learner.username, "pas-le-bon");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toBe("Identifiant ou mot de passe incorrect.");

    const disabled = await login(agent.url, world.disabled.username, world.disabled.password);
    expect(disabled.status).toBe(403);
    expect(disabled.body.error?.message).toMatch(/désactivé/);

    const outsider = await login(agent.url, world.outsider.username, world.outsider.password);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error?.message).toMatch(
      /pas inscrit\(e\) à la session en cours.*Bureautique débutant/,
    );

    const s = await status(agent.url);
    expect(s.body).toMatchObject({ state: "idle", message: outsider.body.error?.message });
    expect(await sessionFiles()).toEqual([]);
  });

  it("lets a trainer in even though not enrolled", async () => {
    const r = await login(agent.url, world.trainer.username, world.trainer.password);
    expect(r.body).toMatchObject({ state: "running", session: { id: world.sessionId } });
    await logout(agent.url);
    await waitFor("trainer's check-out delivered", () =>
      eventsAtPortal("check_out").some((e) => e.username === world.trainer.username.toLowerCase()),
    );
    expect(
      eventsAtPortal("check_in").find((e) => e.username === world.trainer.username.toLowerCase()),
    ).toMatchObject({ role: "trainer" });
  });

  it("keeps logins working on the cached schedule while the portal is down, and delivers every event once after", async () => {
    const before = world.portal.stored.size;
    await world.portal.stop();
    for (let i = 0; i < 2; i++) {
      const r = await login(agent.url, world.learner.username, world.learner.password);
      expect(r.body.state).toBe("running");
      await logout(agent.url);
    }
    expect(agent.outbox.depth).toBe(4);
    await world.portal.start();
    await waitFor("outbox drained after the outage", () => agent.outbox.depth === 0, 90_000);
    expect(world.portal.stored.size).toBe(before + 4);
  });
});
