import { randomUUID } from "node:crypto";
import type { Database } from "@tremplin/db/client";
import { enrol } from "@tremplin/db/factories";
import { assessmentAttempts } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLearningWorld } from "@/server/learning/test-world";
import { actorOf } from "@/server/testing/actors";
import { getLearnerHome } from "./get-learner-home";

let database: Database;
let w: Awaited<ReturnType<typeof buildLearningWorld>>;
// Monday 7 December 2026, 11h00 in Paris.
const now = new Date("2026-12-07T10:00:00Z");
const at = (iso: string) => new Date(iso);
let tomorrowId: string;
let omarSessionId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildLearningWorld(database.db);
  const [lea, omar] = w.learners;
  const tomorrow = await w.addSession({
    startsAt: at("2026-12-08T08:00:00Z"),
    endsAt: at("2026-12-08T16:00:00Z"),
  });
  const nextWeek = await w.addSession({
    startsAt: at("2026-12-14T08:00:00Z"),
    endsAt: at("2026-12-14T16:00:00Z"),
  });
  const lastMonth = await w.addSession({
    trainingId: w.payroll.id,
    startsAt: at("2026-11-02T08:00:00Z"),
    endsAt: at("2026-11-02T16:00:00Z"),
  });
  tomorrowId = tomorrow.id;
  omarSessionId = nextWeek.id;
  const [leaSeat] = await enrol(database.db, {
    learnerIds: [lea!.id],
    trainingId: w.basics.id,
    sessionId: tomorrow.id,
  });
  await enrol(database.db, {
    learnerIds: [lea!.id],
    trainingId: w.payroll.id,
    sessionId: lastMonth.id,
    status: "completed",
  });
  const [omarSeat] = await enrol(database.db, {
    learnerIds: [omar!.id],
    trainingId: w.basics.id,
    sessionId: nextWeek.id,
  });
  const quiz = w.modules[3]!;
  const attempt = (learnerId: string, enrolmentId: string, scorePercent: number, isRetained: boolean) => ({
    learnerId,
    enrolmentId,
    moduleId: quiz.id,
    attemptNo: 1,
    source: "quiz" as const,
    clientKey: randomUUID(),
    submission: {},
    scorePercent,
    contentVersion: 1,
    submittedAt: at("2026-12-06T15:00:00Z"),
    isRetained,
    ruleApplied: {},
    explanation: "Tentative 1",
  });
  await database.db
    .insert(assessmentAttempts)
    .values([attempt(lea!.id, leaSeat!.id, 90, true), attempt(omar!.id, omarSeat!.id, 40, false)]);
});
afterAll(async () => {
  await database.close();
  await w.cleanup();
});

const homeOf = (person: (typeof w.learners)[number]) =>
  getLearnerHome(database.db, { actor: actorOf(person), now });

describe("a learner's home", () => {
  it("shows their next session with its place, not a past one", async () => {
    const home = await homeOf(w.learners[0]!);
    expect(home.nextSessions).toEqual([
      expect.objectContaining({
        trainingTitle: "Les fondamentaux de la comptabilité",
        startsAt: at("2026-12-08T08:00:00Z"),
        roomName: "Salle Adour",
        siteName: w.site.name,
        timezone: "Europe/Paris",
        isWaitlisted: false,
      }),
    ]);
  });

  it("leads to the module where the training resumes", async () => {
    const home = await homeOf(w.learners[0]!);
    expect(home.toContinue).toEqual([
      {
        trainingTitle: "Les fondamentaux de la comptabilité",
        percent: 0,
        href: `/apprendre/${w.modules[0]!.id}`,
        hasStarted: false,
      },
    ]);
  });

  it("shows their latest result, retained, with the link to its explanation", async () => {
    const home = await homeOf(w.learners[0]!);
    expect(home.results).toEqual([
      expect.objectContaining({
        moduleTitle: "Évaluation",
        trainingTitle: "Les fondamentaux de la comptabilité",
        scorePercent: 90,
        isRetained: true,
        href: `/apprendre/${w.modules[3]!.id}/resultat`,
      }),
    ]);
  });

  it("never shows another learner's sessions or results", async () => {
    const lea = await homeOf(w.learners[0]!);
    const omar = await homeOf(w.learners[1]!);
    expect(JSON.stringify(lea)).not.toContain(omarSessionId);
    expect(lea.nextSessions.map((s) => s.startsAt)).not.toContainEqual(at("2026-12-14T08:00:00Z"));
    expect(lea.results.map((r) => r.scorePercent)).toEqual([90]);
    expect(omar.nextSessions.map((s) => s.startsAt)).toEqual([at("2026-12-14T08:00:00Z")]);
    expect(omar.results.map((r) => [r.scorePercent, r.isRetained])).toEqual([[40, false]]);
    expect(JSON.stringify(omar)).not.toContain(tomorrowId);
  });

  it("is empty for a learner with nothing yet, and refused to someone who is not a learner", async () => {
    expect(await homeOf(w.learners[5]!)).toEqual({ nextSessions: [], toContinue: [], results: [] });
    await expect(getLearnerHome(database.db, { actor: actorOf(w.trainer), now })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
