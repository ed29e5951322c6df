import { describe, expect, it } from "vitest";
import { neededMasters, stageForPost } from "./needed-masters";

describe("versions a site needs", () => {
  it("merges rooms per version, needed by the earliest session or rollout day (site midnight)", () => {
    const needs = neededMasters(
      [
        {
          roomName: "Salle B",
          name: "bureautique",
          version: "2",
          source: { kind: "session", startsAt: new Date("2026-12-08T08:00:00Z") },
        },
        {
          roomName: "Salle A",
          name: "bureautique",
          version: "2",
          source: { kind: "rollout", startsOn: "2026-12-08" },
        },
        {
          roomName: "Salle A",
          name: "linux",
          version: "7",
          source: { kind: "session", startsAt: new Date("2026-12-07T13:00:00Z") },
        },
      ],
      "Europe/Paris",
    );
    expect(needs).toEqual([
      { name: "linux", version: "7", neededBy: "2026-12-07T13:00:00.000Z", rooms: ["Salle A"] },
      {
        name: "bureautique",
        version: "2",
        neededBy: "2026-12-07T23:00:00.000Z",
        rooms: ["Salle A", "Salle B"],
      },
    ]);
  });
});

describe("staged rollout", () => {
  const now = new Date("2026-12-06T10:00:00Z");
  const needed = [
    { name: "win", version: "2", neededBy: "2026-12-09T08:00:00Z", rooms: ["Salle A"] },
    { name: "linux", version: "7", neededBy: "2026-12-06T21:00:00Z", rooms: ["Salle A"] },
  ];

  it("offers the pilot everything, the others what the pilot verified or what is needed within a night", () => {
    expect(stageForPost(needed, { isPilot: true, pilotVerified: new Set(), now })).toHaveLength(2);
    expect(stageForPost(needed, { isPilot: false, pilotVerified: new Set(), now })).toEqual([needed[1]]);
    expect(stageForPost(needed, { isPilot: false, pilotVerified: new Set(["win@2"]), now })).toEqual(needed);
  });
});
