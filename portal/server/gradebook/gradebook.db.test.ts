import type { Database } from "@tremplin/db/client";
import { attendanceRecords } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateEnrolment } from "@/server/certificates/evaluate-enrolment";
import { completeModule } from "@/server/learning/complete-module";
import { submitQuiz } from "@/server/learning/submit-quiz";
import { buildLearningWorld, type LearningWorld } from "@/server/learning/test-world";
import { getSessionGradebook } from "./get-session-gradebook";
import { gradebookFilename, renderGradebookCsv } from "./gradebook-csv";

let database: Database;
let w: LearningWorld;
let sessionId: string;
const enrolments = new Map<string, string>();
// Tuesday 24 November 2026, 9h00–12h00 in Paris; the gradebook is read that evening.
const startsAt = new Date("2026-11-24T08:00:00Z");
const endsAt = new Date("2026-11-24T11:00:00Z");
const now = new Date("2026-11-24T18:00:00Z");
const actorOf = (u: { id: string; displayName: string; username: string; roles: string[] }) => ({
  id: u.id,
  name: u.displayName,
  username: u.username,
  roles: u.roles,
});

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildLearningWorld(database.db);
  const session = await w.addSession({ startsAt, endsAt });
  sessionId = session.id;
  const [lea, omar, chloe] = w.learners;
  for (const l of [lea!, omar!, chloe!]) enrolments.set(l.id, (await w.enrol(sessionId, l.id)).id);
  // Léa: every page done, the quiz passed at the second try, present all morning.
  // Omar: the pages done, three failed sends (the maximum), half the morning.
  // Chloé: one send before the pages, not retained.
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
  for (const learner of [lea!, omar!]) {
    for (const m of w.modules.slice(0, 3))
      await completeModule(database.db, { learnerId: learner.id, moduleId: m.id, now: at(10) });
  }
  const quizId = w.modules[3]!.id;
  const send = (learnerId: string, answers: number[], minutes: number) =>
    submitQuiz(database.db, {
      learnerId,
      moduleId: quizId,
      answers,
      clientKey: crypto.randomUUID(),
      now: at(minutes),
    });
  await send(lea!.id, [1, 1, 0, 0, 0], 60);
  await send(lea!.id, [1, 1, 1, 0, 0], 70);
  for (const minutes of [60, 70, 80]) await send(omar!.id, [1, 0, 0, 0, 1], minutes);
  await send(chloe!.id, [1, 1, 1, 0, 0], 95);
  await database.db.insert(attendanceRecords).values([
    { sessionId, learnerId: lea!.id, source: "kiosk", startedAt: startsAt, endedAt: endsAt },
    { sessionId, learnerId: omar!.id, source: "remote", startedAt: startsAt, endedAt: at(90) },
  ]);
});
afterAll(async () => {
  await w.cleanup();
  await database.close();
});

const trainerActor = () => actorOf(w.trainer);

describe("a session's gradebook", () => {
  it("gives each learner's modules, hours, best score, attempts and latest decision with its reason", async () => {
    const g = await getSessionGradebook(database.db, { actor: trainerActor(), sessionId, now });
    expect(g.assessed.map((m) => m.title)).toEqual(["Évaluation"]);
    const [chloe, lea, omar] = g.lines;
    expect(g.lines.map((l) => l.learner.displayName)).toEqual(["Chloé Cazals", "Léa André", "Omar Benali"]);
    expect(lea).toMatchObject({ modulesDone: 4, modulesRequired: 4, completion: { isComplete: true } });
    expect(lea!.results[0]).toMatchObject({
      isPassed: true,
      bestScorePercent: 100,
      attemptsUsed: 2,
      maxAttempts: 3,
    });
    expect(omar).toMatchObject({ modulesDone: 3, completion: { isComplete: false } });
    expect(omar!.attendance).toMatchObject({ attendedMs: 90 * 60_000, plannedMs: 3 * 3600_000 });
    expect(omar!.results[0]).toMatchObject({
      isPassed: false,
      bestScorePercent: 40,
      passingScorePercent: 80,
      attemptsUsed: 3,
      attemptsTotal: 3,
      last: {
        isRetained: true,
        explanation: "40 % obtenu, 80 % requis : non réussi. Plus aucune tentative possible.",
      },
    });
    expect(chloe).toMatchObject({ modulesDone: 0 });
    expect(chloe!.results[0]).toMatchObject({
      bestScorePercent: null,
      attemptsUsed: 0,
      attemptsTotal: 1,
      last: { isRetained: false, explanation: "Modules 1, 2 et 3 non terminés : tentative non retenue." },
    });
  });

  it("decides each learner's completion exactly as the certificates do", async () => {
    const g = await getSessionGradebook(database.db, { actor: trainerActor(), sessionId, now });
    for (const line of g.lines) {
      const evaluation = await evaluateEnrolment(database.db, {
        enrolmentId: enrolments.get(line.learner.id)!,
        now,
      });
      expect(line.completion, line.learner.displayName).toEqual(evaluation!.status);
    }
  });

  it("is for the session's trainer and IT: another trainer, an auditor or a learner is told it does not exist", async () => {
    const it = actorOf(w.it);
    expect((await getSessionGradebook(database.db, { actor: it, sessionId, now })).lines).toHaveLength(3);
    const strangers = [
      { ...actorOf(w.learners[4]!), roles: ["trainer"] },
      { ...actorOf(w.learners[4]!), roles: ["auditor"] },
      actorOf(w.learners[0]!),
    ];
    for (const actor of strangers) {
      await expect(getSessionGradebook(database.db, { actor, sessionId, now })).rejects.toMatchObject({
        code: "not_found",
      });
    }
    await expect(
      getSessionGradebook(database.db, { actor: it, sessionId: "1; drop", now }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("exports as CSV for French Excel: BOM, `;`, one line per learner, what is missing in words", async () => {
    const g = await getSessionGradebook(database.db, { actor: trainerActor(), sessionId, now });
    const csv = renderGradebookCsv(g);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, chloe, lea, omar, end] = csv.slice(1).split("\r\n");
    expect(end).toBe("");
    expect(header).toBe(
      "Stagiaire;Identifiant;Modules requis terminés;Modules requis;Présence retenue (heures);Présence requise (heures);" +
        "Évaluation — meilleur score (%);Évaluation — statut;Évaluation — tentatives;Évaluation — dernière décision;" +
        "Conditions remplies;Ce qui manque",
    );
    expect(lea).toMatch(
      /^Léa André;\w+\.\w+;4;4;3,00;0,00;100;Réussi;2 \/ 3;24\/11\/2026 à 10h10 — retenue : 100 % obtenu, 80 % requis : réussi\.;Oui;$/,
    );
    expect(omar).toContain(";40;Non réussi;3 / 3;24/11/2026 à 10h20 — retenue : 40 % obtenu");
    expect(omar).toContain(
      ";Non;modules requis terminés : 3 sur 4 | « Évaluation » non réussi (80 % requis)",
    );
    expect(chloe).toContain(";0;4;0,00;0,00;;");
    expect(chloe).toContain(";0 / 3;24/11/2026 à 10h35 — non retenue : Modules 1, 2 et 3 non terminés");
    expect(chloe).toContain(";Non;modules requis terminés : 0 sur 4");
    expect(gradebookFilename(g)).toBe(`suivi-COMPTA-01-${w.tag}-2026-11-24.csv`);
  });
});
