import type { Database } from "@tremplin/db/client";
import { attendanceValidations } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { getTrainerHome } from "./get-trainer-home";

let database: Database;
let w: PlanningWorld;
// Tuesday 24 November 2026, 15h00 in Paris: this morning is over, this afternoon is not.
const now = new Date("2026-11-24T14:00:00Z");
const at = (iso: string) => new Date(iso);
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  const day = (date: string, over: Partial<Parameters<PlanningWorld["addSession"]>[0]> = {}) =>
    w.addSession({ startsAt: at(`${date}T08:00:00Z`), endsAt: at(`${date}T16:00:00Z`), ...over });
  ids.yesterday = (await day("2026-11-23")).id;
  ids.today = (await day("2026-11-24", { roomId: w.roomB.id })).id;
  ids.signed = (await day("2026-11-20")).id;
  ids.others = (await day("2026-11-19", { trainerId: w.otherTrainer.id })).id;
  ids.cancelled = (await day("2026-11-18", { cancelledAt: at("2026-11-10T09:00:00Z") })).id;
  const signed = (sessionId: string, date: string, period: "am" | "pm") => ({
    sessionId,
    date,
    period,
    validatedBy: w.trainer.id,
    validatedAt: now,
  });
  await database.db
    .insert(attendanceValidations)
    .values([
      signed(ids.yesterday!, "2026-11-23", "am"),
      signed(ids.signed!, "2026-11-20", "am"),
      signed(ids.signed!, "2026-11-20", "pm"),
    ]);
});
afterAll(() => database.close());

describe("a trainer's home", () => {
  it("lists today's sessions, each with its room", async () => {
    const home = await getTrainerHome(database.db, { actor: w.trainer, now });
    expect(home.today.map((s) => [s.id, s.roomName])).toEqual([[ids.today, "Salle Toulouse-Lautrec"]]);
  });

  it("lists the ended half-days not validated, oldest first, and no other trainer's", async () => {
    const home = await getTrainerHome(database.db, { actor: w.trainer, now });
    expect(home.toValidate.map((s) => [s.sessionId, s.halfDays.map((h) => `${h.date}:${h.period}`)])).toEqual(
      [
        [ids.yesterday, ["2026-11-23:pm"]],
        [ids.today, ["2026-11-24:am"]],
      ],
    );
    expect(home.sessionsToValidate).toBe(2);
    expect(home.toValidate[0]).toMatchObject({
      trainingTitle: "Excel : tableaux croisés dynamiques",
      roomName: "Salle Jaurès",
      timezone: "Europe/Paris",
    });
  });

  it("shows the other trainer their session only, and refuses a learner", async () => {
    const home = await getTrainerHome(database.db, { actor: w.otherTrainer, now });
    expect(home.today).toEqual([]);
    expect(home.toValidate.map((s) => s.sessionId)).toEqual([ids.others]);
    await expect(getTrainerHome(database.db, { actor: w.learnerActor, now })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
