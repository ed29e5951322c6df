import type { Database } from "@tremplin/db/client";
import { provisioningRuns } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getProvisioningOverview } from "./get-provisioning-overview";
import { buildProvisioningWorld, type ProvisioningWorld } from "./test-fixtures";

const now = new Date("2026-11-23T09:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
let database: Database;
let world: ProvisioningWorld;
beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildProvisioningWorld(database.db, now);
});
afterAll(() => database?.close());

describe("the provisioning page's overview", () => {
  it("lists the sessions to come with their last finished run, and the latest runs readable", async () => {
    const running = await world.addSession(-0.5, 2);
    const soon = await world.addSession(3);
    const never = await world.addSession(10);
    await world.addSession(90); // beyond the picker's 60 days
    await world.addSession(-10, 1); // over
    await world.addSession(5, 1, { cancelledAt: now });
    const run = (startedAt: Date, status: "succeeded" | "partial" | "abandoned", sessionIds: string[]) => ({
      startedAt,
      finishedAt: minutes(-50),
      trigger: "portal" as const,
      actorLabel: "Nadia Dsi (dsi)",
      scope: { kind: "upcoming", days: 7 },
      sessionIds,
      status,
      created: 2,
      report: {
        sessions: sessionIds.map((sessionId) => ({
          sessionId,
          label: "Word",
          startsAt: now.toISOString(),
          endsAt: now.toISOString(),
          skipped: [],
          report: {
            created: [{ username: "a", dn: "CN=a", initialPasswordIssued: true }],
            updated: [],
            unchanged: [],
            failed: [],
            disabled: [],
          },
        })),
        sweep: null,
      },
    });
    await database.db.insert(provisioningRuns).values([
      { ...run(minutes(-120), "partial", [running.id, soon.id]), finishedAt: minutes(-110) },
      { ...run(minutes(-60), "succeeded", [soon.id]), finishedAt: minutes(-55) },
      { ...run(minutes(-30), "abandoned", [running.id]), finishedAt: minutes(-1) },
    ]);

    const overview = await getProvisioningOverview(database.db, {
      actor: world.it,
      directory: undefined,
      now,
    });
    expect(overview.status).toEqual({ kind: "none" });
    expect(overview.sessions.map((s) => s.id)).toEqual([running.id, soon.id, never.id]);
    const byId = new Map(overview.sessions.map((s) => [s.id, s]));
    expect(byId.get(running.id)).toMatchObject({
      isRunning: true,
      lastRun: { status: "partial", finishedAt: minutes(-110) },
    });
    expect(byId.get(soon.id)).toMatchObject({
      isRunning: false,
      lastRun: { status: "succeeded", finishedAt: minutes(-55) },
    });
    expect(byId.get(never.id)!.lastRun).toBeNull();
    expect(overview.runs.map((r) => r.status)).toEqual(["abandoned", "succeeded", "partial"]);
    expect(overview.runs[1]!.report?.sessions[0]?.report.created).toEqual([
      { username: "a", initialPasswordIssued: true },
    ]);
  });

  it("is for IT only", async () => {
    await expect(
      getProvisioningOverview(database.db, { actor: world.trainer, directory: undefined, now }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
