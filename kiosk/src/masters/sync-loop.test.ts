import type { ScheduleResponse } from "@tremplin/domain/device";
import { describe, expect, it } from "vitest";
import { syncSources, versionsToSync } from "./sync-loop";

const schedule = (over: Partial<ScheduleResponse>): ScheduleResponse => ({
  kiosk: { id: "00000000-0000-4000-8000-000000000001", label: "P1" },
  room: { id: "00000000-0000-4000-8000-000000000002", name: "Salle A" },
  timezone: "Europe/Paris",
  generatedAt: "2026-12-06T10:00:00Z",
  sessions: [],
  ...over,
});
const session = (name: string, version: string) => ({
  id: "00000000-0000-4000-8000-000000000003",
  trainingTitle: "Excel",
  startsAt: "2026-12-07T08:00:00Z",
  endsAt: "2026-12-07T12:00:00Z",
  trainerUsername: null,
  enrolledUsernames: [],
  master: { name, version },
});

describe("what the post syncs", () => {
  it("takes the portal's list of needed versions, else its sessions' masters, each once", () => {
    const needed = [{ name: "win", version: "2", neededBy: "2026-12-07T08:00:00Z", rooms: ["Salle A"] }];
    expect(versionsToSync(schedule({ masters: needed, sessions: [session("old", "1")] }))).toEqual([
      { name: "win", version: "2" },
    ]);
    expect(versionsToSync(schedule({ sessions: [session("win", "1"), session("win", "1")] }))).toEqual([
      { name: "win", version: "1" },
    ]);
    expect(versionsToSync(undefined)).toEqual([]);
  });

  it("asks its relay, and the portal only when allowed or when there is no relay", () => {
    const defaults = {
      trustedKeyFiles: ["k"],
      nightWindow: { start: "20:00", end: "06:00" },
      anyTime: false,
      everyMinutes: 10,
    };
    const portal = { url: "https://portail.test", token: "t".repeat(20) };
    const labels = (c: Parameters<typeof syncSources>[0]) => syncSources(c, portal).map((s) => s.label);
    expect(labels({ ...defaults, relayUrl: "http://relais.lan:8090", portalFallback: false })).toEqual([
      "http://relais.lan:8090",
    ]);
    expect(labels({ ...defaults, relayUrl: "http://relais.lan:8090", portalFallback: true })).toEqual([
      "http://relais.lan:8090",
      "https://portail.test",
    ]);
    expect(labels({ ...defaults, portalFallback: false })).toEqual(["https://portail.test"]);
  });
});
