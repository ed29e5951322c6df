import type { Database } from "@tremplin/db/client";
import { makeUser } from "@tremplin/db/factories";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { actorOf } from "@/server/testing/actors";
import { getRoleHome } from "./get-role-home";

let database: Database;
let w: PlanningWorld;
const now = new Date("2026-11-23T14:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
});
afterAll(() => database.close());

describe("the signed-in home", () => {
  it("gives a person with several roles each of their blocks, and only theirs", async () => {
    const both = await makeUser(database.db, {
      username: `n.benali.${w.tag}`,
      displayName: "Nadia Benali",
      roles: ["learner", "trainer"],
    });
    const session = await w.addSession({
      startsAt: new Date("2026-11-23T08:00:00Z"),
      endsAt: new Date("2026-11-23T16:00:00Z"),
      trainerId: both.id,
    });
    const home = await getRoleHome(database.db, { actor: actorOf(both), now });
    expect(home.learner).toEqual({ nextSessions: [], toContinue: [], results: [] });
    expect(home.trainer?.today.map((s) => s.id)).toEqual([session.id]);
    expect(home.it).toBeUndefined();
  });

  it("gives IT their alerts and no learner or trainer block", async () => {
    const home = await getRoleHome(database.db, { actor: w.it, now });
    expect(home.it?.isQuiet).toBe(true);
    expect(home.learner).toBeUndefined();
    expect(home.trainer).toBeUndefined();
  });
});
