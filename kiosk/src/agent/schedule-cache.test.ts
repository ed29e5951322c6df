import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ScheduleResponse } from "@tremplin/domain/device";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { createDeviceClient } from "../portal/device-client";
import { startPortalStub } from "../testing/portal-stub";
import { ScheduleCache } from "./schedule-cache";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const schedule = (title: string): ScheduleResponse => ({
  kiosk: { id: randomUUID(), label: "P01" },
  room: { id: randomUUID(), name: "Salle Jean Moulin" },
  timezone: "Europe/Paris",
  generatedAt: new Date().toISOString(),
  sessions: [
    {
      id: randomUUID(),
      trainingTitle: title,
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      trainerUsername: "f.martin",
      enrolledUsernames: ["a.dupont"],
      master: { name: "demo-linux", version: "1" },
    },
  ],
});

describe("ScheduleCache", () => {
  it("fetches, revalidates with the ETag, survives the portal going away and a restart", async () => {
    const tmp = await makeTmpDir("schedule-");
    const portal = await startPortalStub({ schedule: schedule("Bureautique") });
    cleanups.push(tmp.cleanup, () => portal.stop());
    const client = createDeviceClient({
      baseUrl: portal.url,
      getToken: async () => portal.token,
      timeoutMs: 2000,
    });
    const file = path.join(tmp.dir, "schedule.json");

    const cache = await ScheduleCache.open(file, silentLogger);
    expect(cache.schedule).toBeUndefined();
    expect(await cache.refresh(client)).toBe("changed");
    expect(cache.schedule?.sessions[0]?.trainingTitle).toBe("Bureautique");
    expect(Math.abs(cache.clockSkewMs ?? Number.NaN)).toBeLessThan(2000);
    expect(await cache.refresh(client)).toBe("unchanged");

    portal.state.schedule = schedule("Comptabilité");
    expect(await cache.refresh(client)).toBe("changed");
    expect(JSON.parse(await readFile(file, "utf8")).schedule.sessions[0].trainingTitle).toBe("Comptabilité");

    await portal.stop();
    expect(await cache.refresh(client)).toBe("failed");
    expect(cache.lastError).toMatch(/Portail injoignable/);
    expect(cache.schedule?.sessions[0]?.trainingTitle).toBe("Comptabilité");

    const afterRestart = await ScheduleCache.open(file, silentLogger);
    expect(afterRestart.schedule?.room.name).toBe("Salle Jean Moulin");
    expect(portal.state.scheduleRequests).toBe(3);
  });
});
