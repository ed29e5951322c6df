import { describe, expect, it } from "vitest";
import { neededMasters } from "./needed-masters";

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
