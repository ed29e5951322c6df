import type { Database } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { auditPageSize, searchAudit } from "./search-audit-log";

let database: Database;
let w: PlanningWorld;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  // 120 entries over five days, two actors, three actions; Paris midnight is 23:00Z in winter.
  for (let i = 0; i < 120; i++) {
    const actor = i % 2 === 0 ? w.it : w.trainer;
    await appendAudit(database.db, {
      at: new Date(Date.UTC(2026, 10, 16 + (i % 5), 22, 30, i)),
      actorId: actor.id,
      actorLabel: `${actor.name} (${actor.username})`,
      action: ["session.created", "session.updated", "attendance.corrected"][i % 3]!,
      entityType: i % 3 === 2 ? "session" : i % 4 === 0 ? "kiosk" : "session",
      entityId: `e-${i % 7}`,
      details: { i },
    });
  }
});
afterAll(() => database.close());

const search = (query: Record<string, unknown>, actor = w.it) => searchAudit(database.db, { actor, query });

describe("the audit log page", () => {
  it("pages through everything, newest first", async () => {
    const first = await search({});
    expect(first).toMatchObject({ total: 120, page: 1, pages: 3 });
    expect(first.rows).toHaveLength(auditPageSize);
    const times = first.rows.map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const last = await search({ page: "3" });
    expect(last.rows).toHaveLength(20);
    const seen = new Set(
      [...first.rows, ...(await search({ page: "2" })).rows, ...last.rows].map((r) => r.id),
    );
    expect(seen.size).toBe(120);
  });

  it("filters by actor (part of the name, any case), action, entity and local dates", async () => {
    const byActor = await search({ actor: "isabelle" });
    expect(byActor.total).toBe(60);
    expect(byActor.rows.every((r) => r.actorId === w.trainer.id)).toBe(true);
    expect((await search({ action: "attendance.corrected" })).total).toBe(40);
    expect((await search({ entityType: "kiosk" })).rows.every((r) => r.entityType === "kiosk")).toBe(true);
    expect(
      (await search({ entityType: "session", entityId: "e-3" })).rows.every((r) => r.entityId === "e-3"),
    ).toBe(true);
    // 22:30Z on the 16th is 23:30 in Paris: the 16th, local. One day in five.
    const day = await search({ from: "2026-11-16", to: "2026-11-16" });
    expect(day.total).toBe(24);
    expect((await search({ from: "2026-11-17" })).total).toBe(96);
    const both = await search({
      actor: "SOPHIE",
      action: "session.created",
      from: "2026-11-16",
      to: "2026-11-20",
    });
    expect(both.rows.every((r) => r.actorId === w.it.id && r.action === "session.created")).toBe(true);
    expect(both.facets.actions).toEqual(["attendance.corrected", "session.created", "session.updated"]);
    expect(both.facets.entityTypes).toEqual(["kiosk", "session"]);
  });

  it("treats % and _ as letters and refuses malformed filters on their field", async () => {
    expect((await search({ actor: "%" })).total).toBe(0);
    await expect(search({ from: "2026-11-20", to: "2026-11-19" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "to", message: "la date de fin précède la date de début" }],
    });
    await expect(search({ from: "demain" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "from" })],
    });
    await expect(search({ actor: "x".repeat(101) })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "actor" })],
    });
    await expect(search({ page: "0" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "page" })],
    });
  });

  it("is for IT and auditors only", async () => {
    expect((await search({}, w.auditor)).total).toBe(120);
    await expect(search({}, w.trainer)).rejects.toMatchObject({ code: "forbidden" });
    await expect(search({}, w.learnerActor)).rejects.toMatchObject({ code: "forbidden" });
  });
});
