import type { Database } from "@tremplin/db/client";
import {
  listLearnerEnrolments,
  listLearnerTrainings,
  listModuleProgress,
} from "@tremplin/db/queries/learning-progress";
import { assessmentAttempts, sessions, trainings } from "@tremplin/db/schema";
import { setUpTestWorld } from "@tremplin/db/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { completeModule } from "./complete-module";
import { getModulePlayer } from "./get-module-player";
import { getModuleResults } from "./get-module-results";
import { listMyTrainings } from "./list-my-trainings";
import { recordActivity } from "./record-activity";
import { submitQuiz } from "./submit-quiz";
import { buildLearningWorld, type LearningWorld } from "./test-world";

let database: Database;
let w: LearningWorld;
const t0 = new Date("2026-11-24T09:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const key = () => crypto.randomUUID();

setUpTestWorld(buildLearningWorld, (d, world) => {
  database = d;
  w = world;
});

describe("module access", () => {
  it("opens a module only to a learner holding a seat in its training", async () => {
    const [lea, omar, chloe] = w.learners;
    const session = await w.addSession({
      startsAt: new Date("2026-11-24T08:00:00Z"),
      endsAt: new Date("2026-11-24T16:00:00Z"),
    });
    await w.enrol(session.id, lea!.id);
    await w.enrol(session.id, omar!.id, "waitlisted");
    const page = w.modules[0]!;
    const player = await getModulePlayer(database.db, {
      learner: { id: lea!.id, name: "Léa" },
      moduleId: page.id,
      now: t0,
    });
    expect(player.content).toEqual({ kind: "page", body: "# La partie double\n\nDébit = crédit." });
    for (const learner of [omar!, chloe!]) {
      await expect(
        getModulePlayer(database.db, { learner: { id: learner.id, name: "x" }, moduleId: page.id, now: t0 }),
      ).rejects.toMatchObject({ code: "not_found" });
      await expect(
        recordActivity(database.db, {
          learnerId: learner.id,
          body: { moduleId: page.id, activeSeconds: 30 },
          now: t0,
        }),
      ).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(
      getModulePlayer(database.db, { learner: { id: lea!.id, name: "x" }, moduleId: "../etc", now: t0 }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("never sends quiz answers to the browser", async () => {
    const player = await getModulePlayer(database.db, {
      learner: { id: w.learners[0]!.id, name: "Léa" },
      moduleId: w.modules[3]!.id,
      now: t0,
    });
    expect(player.content.kind).toBe("quiz");
    expect(JSON.stringify(player)).not.toContain("answer");
  });
});

describe("active time and resuming", () => {
  it("credits heartbeats honestly: capped per beat, never more than the wall clock across tabs", async () => {
    const lea = w.learners[0]!;
    const [first, second] = w.modules;
    const beat = (moduleId: string, activeSeconds: number, s: number) =>
      recordActivity(database.db, { learnerId: lea.id, body: { moduleId, activeSeconds }, now: at(s) });
    expect(await beat(first!.id, 0, 0)).toEqual({ creditedSeconds: 0, totalSeconds: 0 });
    expect((await beat(first!.id, 30, 30)).creditedSeconds).toBe(30);
    // A second tab on another module beating 5 s later: only the 5 s (+ slack) are new.
    expect((await beat(second!.id, 30, 35)).creditedSeconds).toBe(8);
    // A tampered client claiming an hour gets the per-beat cap at most.
    expect((await beat(first!.id, 3600, 200)).creditedSeconds).toBe(60);
    await expect(beat(first!.id, -1, 300)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("shows progress in 'Mes formations' and resumes at the module last touched", async () => {
    const lea = w.learners[0]!;
    await completeModule(database.db, { learnerId: lea.id, moduleId: w.modules[0]!.id, now: at(400) });
    await recordActivity(database.db, {
      learnerId: lea.id,
      body: { moduleId: w.modules[2]!.id, activeSeconds: 0 },
      now: at(500),
    });
    const [mine] = await listMyTrainings(database.db, { learnerId: lea.id, now: at(600) });
    expect(mine).toMatchObject({
      trainingId: w.basics.id,
      progress: {
        requiredCount: 4,
        doneCount: 1,
        percent: 25,
        isComplete: false,
        nextModuleId: w.modules[2]!.id,
      },
      activeSeconds: 98,
    });
    await expect(
      completeModule(database.db, { learnerId: lea.id, moduleId: w.modules[3]!.id, now: at(700) }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("reads 'Mes formations' in one statement, the same enrolments and modules as the two lists", async () => {
    const [lea, omar] = w.learners;
    const full = await w.addSession({
      startsAt: new Date("2026-12-01T08:00:00Z"),
      endsAt: new Date("2026-12-02T16:00:00Z"),
    });
    await w.enrol(full.id, omar!.id, "waitlisted");
    await w.enrol(full.id, lea!.id, "waitlisted");
    const combined = await listLearnerTrainings(database.db, lea!.id);
    const enrolments = await listLearnerEnrolments(database.db, lea!.id);
    expect(enrolments.length).toBeGreaterThanOrEqual(2);
    expect(combined.enrolments).toEqual(enrolments);
    expect(combined.enrolments.find((e) => e.sessionId === full.id)).toMatchObject({
      status: "waitlisted",
      waitingPosition: 2,
      startsAt: new Date("2026-12-01T08:00:00Z"),
    });
    const trainingIds = [...new Set(enrolments.map((e) => e.trainingId))];
    expect(combined.modules).toEqual(
      await listModuleProgress(database.db, { learnerId: lea!.id, trainingIds }),
    );
    expect(combined.modules.some((m) => m.updatedAt instanceof Date)).toBe(true);
    expect(await listLearnerTrainings(database.db, crypto.randomUUID())).toEqual({
      enrolments: [],
      modules: [],
    });
  });

  it("says when IT cancelled a session, and offers no cancellation of it", async () => {
    const hugo = w.learners[5]!;
    const session = await w.addSession({
      startsAt: new Date("2026-12-03T08:00:00Z"),
      endsAt: new Date("2026-12-03T16:00:00Z"),
      trainingId: w.payroll.id,
    });
    await w.enrol(session.id, hugo.id, "enrolled", w.payroll.id);
    const shown = async () =>
      (await listMyTrainings(database.db, { learnerId: hugo.id, now: t0 }))
        .flatMap((t) => t.enrolments)
        .find((e) => e.startsAt?.getTime() === session.startsAt.getTime());
    expect(await shown()).toMatchObject({ sessionCancelled: false, canCancel: true });
    await database.db.update(sessions).set({ cancelledAt: t0 }).where(eq(sessions.id, session.id));
    expect(await shown()).toMatchObject({ sessionCancelled: true, canCancel: false });
  });

  it("marks a session that has ended as past", async () => {
    const ines = w.learners[5]!;
    const session = await w.addSession({
      startsAt: new Date("2026-11-10T08:00:00Z"),
      endsAt: new Date("2026-11-10T16:00:00Z"),
      trainingId: w.payroll.id,
    });
    await w.enrol(session.id, ines.id, "enrolled", w.payroll.id);
    const shown = async (now: Date) =>
      (await listMyTrainings(database.db, { learnerId: ines.id, now }))
        .flatMap((t) => t.enrolments)
        .find((e) => e.startsAt?.getTime() === session.startsAt.getTime());
    expect(await shown(new Date("2026-11-10T15:59:00Z"))).toMatchObject({ isPast: false });
    expect(await shown(t0)).toMatchObject({ isPast: true, canCancel: false });
  });
});

describe("quiz attempts", () => {
  const lea = () => w.learners[0]!;
  const quizId = () => w.modules[3]!.id;
  const submit = (answers: unknown, s: number, clientKey = key(), learnerId = lea().id) =>
    submitQuiz(database.db, { learnerId, moduleId: quizId(), answers, clientKey, now: at(s) });

  it("does not retain an attempt while a required module is unfinished", async () => {
    const result = await submit([1, 1, 1, 0, 0], 1000);
    expect(result).toMatchObject({ isRetained: false, attemptNo: 1, scorePercent: 100 });
    expect(result.explanation).toBe("Modules 2 et 3 non terminés : tentative non retenue.");
  });

  it("scores on the server, decides with the passing score, and ignores a double submit", async () => {
    for (const m of [w.modules[1]!, w.modules[2]!])
      await completeModule(database.db, { learnerId: lea().id, moduleId: m.id, now: at(1100) });
    const form = key();
    const first = await submit([1, 1, 0, 0, 1], 1200, form);
    expect(first).toMatchObject({
      isRetained: true,
      isPassed: false,
      attemptNo: 2,
      scorePercent: 60,
      correct: 3,
      total: 5,
    });
    expect(first.explanation).toBe("60 % obtenu, 80 % requis : non réussi. Il vous reste 2 tentatives.");
    const again = await submit([1, 1, 1, 0, 0], 1201, form);
    expect(again).toMatchObject({ attemptId: first.attemptId, scorePercent: 60, isReplay: true });
    const pass = await submit([1, 1, 1, 0, 1], 1300);
    expect(pass).toMatchObject({
      isPassed: true,
      attemptNo: 3,
      scorePercent: 80,
      explanation: "80 % obtenu, 80 % requis : réussi.",
    });
    const [mine] = await listMyTrainings(database.db, { learnerId: lea().id, now: at(1400) });
    expect(mine!.progress).toMatchObject({ percent: 100, isComplete: true });
  });

  it("refuses a quiz sent blank without using an attempt, naming the questions", async () => {
    const blank = submit([null, null, null, null, null], 1250);
    await expect(blank).rejects.toMatchObject({
      code: "invalid_input",
      message:
        "Aucune réponse envoyée : les questions 1, 2, 3, 4 et 5 sont sans réponse. Cet envoi ne compte pas comme une tentative.",
    });
    const results = await getModuleResults(database.db, {
      learnerId: lea().id,
      moduleId: quizId(),
      now: at(1260),
    });
    expect(results.attempts.map((a) => a.attemptNo)).toEqual([3, 2, 1]);
  });

  it("closes the quiz after the last attempt: the server refuses and stores nothing", async () => {
    await submit([0, 0, 0, 0, 0], 1500);
    await expect(submit([1, 1, 1, 0, 0], 1600)).rejects.toMatchObject({
      code: "conflict",
      message: "Nombre maximal de tentatives atteint (3 sur 3) : ce questionnaire est fermé.",
    });
    const results = await getModuleResults(database.db, {
      learnerId: lea().id,
      moduleId: quizId(),
      now: at(1700),
    });
    expect(results).toMatchObject({
      status: "passed",
      bestScore: 80,
      attemptsLeft: 0,
      rules: { passingScorePercent: 80, maxAttempts: 3, deadline: null },
    });
    expect(results.attempts.map((a) => [a.attemptNo, a.isRetained, a.rule.rule, a.contentVersion])).toEqual([
      [4, true, "passing_score", 1],
      [3, true, "passing_score", 1],
      [2, true, "passing_score", 1],
      [1, false, "modules_required", 1],
    ]);
    expect(results.attempts[3]!.submission).toEqual({ answers: [1, 1, 1, 0, 0], correct: 5, total: 5 });
  });

  it("refuses a submission after the deadline", async () => {
    await database.db
      .update(trainings)
      .set({
        rules: { passingScorePercent: 80, maxAttempts: null, assessmentDeadline: "2026-11-24T09:10:00Z" },
      })
      .where(eq(trainings.id, w.basics.id));
    const late = await submit([1, 1, 1, 0, 1], 1800);
    expect(late.explanation).toBe(
      "Remis après la date limite (24 novembre 2026 à 10:10) : tentative non retenue.",
    );
  });

  it("answers 'not found' to another learner submitting or reading results, and stores nothing", async () => {
    const chloe = w.learners[2]!;
    const before = await database.db
      .select()
      .from(assessmentAttempts)
      .where(eq(assessmentAttempts.learnerId, chloe.id));
    await expect(submit([1, 1, 1, 0, 1], 1900, key(), chloe.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(
      getModuleResults(database.db, { learnerId: chloe.id, moduleId: quizId(), now: at(1900) }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(
      await database.db.select().from(assessmentAttempts).where(eq(assessmentAttempts.learnerId, chloe.id)),
    ).toEqual(before);
  });

  it("refuses malformed answers, naming the question", async () => {
    await expect(submit([1, 9, 1, 0, 1], 2000)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "answers.1", message: "choix inconnu" }],
    });
    await expect(submit([1], 2000)).rejects.toMatchObject({ code: "invalid_input" });
  });
});
