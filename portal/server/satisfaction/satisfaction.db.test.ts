import type { Database } from "@tremplin/db/client";
import { makeUsers } from "@tremplin/db/factories";
import { attendanceRecords, enrolments, mailJobs, satisfactionSurveys, users } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendQueuedMails } from "@/server/mail/mail-job-worker";
import type { MailMessage } from "@/server/mail/mailer";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { actorOf } from "@/server/testing/actors";
import { answerSurvey, getLearnerSurvey, listLearnerOpenSurveys } from "./learner-survey";
import { queueDueSurveys } from "./queue-survey-invitations";
import { getSatisfactionOverview, getTrainingSatisfaction } from "./satisfaction-results";

let database: Database;
let w: PlanningWorld;
let ended: string;
const now = new Date("2026-11-20T17:00:00Z");
const period = { from: "2026-11-01", to: "2026-11-30" };
const good = {
  objectives: "5",
  content: "4",
  trainer: "5",
  organisation: "4",
  equipment: "3",
  comment: " Très clair. ",
};

async function present(sessionId: string, learnerId: string, status: "present" | "absent" = "present") {
  await database.db.insert(attendanceRecords).values({
    sessionId,
    learnerId,
    source: "trainer",
    status,
    startedAt: new Date("2026-11-20T08:00:00Z"),
    endedAt: new Date("2026-11-20T12:00:00Z"),
    reason: "feuille papier",
  });
}
const enrolmentOf = async (sessionId: string, learnerId: string) =>
  (
    await database.db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.sessionId, sessionId), eq(enrolments.learnerId, learnerId)))
  )[0]!.id;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  const day = { startsAt: new Date("2026-11-20T08:00:00Z"), endsAt: new Date("2026-11-20T16:00:00Z") };
  ended = (await w.addSession(day)).id;
  const { lea, omar, chloe, elodie } = w.learners;
  await w.enrol(ended, [lea.id, omar.id, chloe.id]);
  await present(ended, lea.id);
  await present(ended, chloe.id);
  await present(ended, omar.id, "absent");
  // Present in a session that was cancelled, in one that has not ended, and in one too old.
  const cancelled = (await w.addSession({ ...day, roomId: w.roomB.id, cancelledAt: now })).id;
  const running = (
    await w.addSession({ startsAt: day.startsAt, endsAt: new Date("2026-11-21T16:00:00Z"), roomId: null })
  ).id;
  const old = (
    await w.addSession({
      startsAt: new Date("2026-10-01T08:00:00Z"),
      endsAt: new Date("2026-10-01T16:00:00Z"),
    })
  ).id;
  for (const id of [cancelled, running, old]) {
    await w.enrol(id, [elodie.id]);
    await present(id, elodie.id);
  }
});
afterAll(() => database.close());

describe("the satisfaction survey after a session", () => {
  it("is owed to each learner present in a session that ended, once, with its invitation mail", async () => {
    expect(await queueDueSurveys(database.db, new Date("2026-11-20T15:59:00Z"))).toBe(0);
    expect(await queueDueSurveys(database.db, now)).toBe(2);
    expect(await queueDueSurveys(database.db, now)).toBe(0);
    const surveys = await database.db.select().from(satisfactionSurveys);
    expect(surveys.map((s) => s.learnerId).sort()).toEqual([w.learners.lea.id, w.learners.chloe.id].sort());
    expect(surveys[0]!.closesAt.toISOString()).toBe("2026-12-20T16:00:00.000Z");
    expect(await w.queuedMails(ended)).toEqual(
      expect.arrayContaining([
        { learnerId: w.learners.lea.id, kind: "survey_invitation" },
        { learnerId: w.learners.chloe.id, kind: "survey_invitation" },
      ]),
    );
  });

  it("sends an invitation that links to the learner's own survey", async () => {
    await database.db.delete(mailJobs).where(eq(mailJobs.kind, "enrolled"));
    await database.db
      .update(users)
      .set({ email: `lea.${w.tag}@exemple.fr` })
      .where(eq(users.id, w.learners.lea.id));
    const sent: MailMessage[] = [];
    const mailer = { send: async (m: MailMessage) => void sent.push(m) };
    await sendQueuedMails(database.db, { mailer, baseUrl: "https://tremplin.test", now, limit: 10 });
    const toLea = sent.find((m) => m.to.name === "Léa André");
    // Chloé has no e-mail address: her survey waits in "Mes formations" alone.
    expect(sent.map((m) => m.to.name)).toEqual(["Léa André"]);
    expect(toLea?.subject).toBe("Votre avis sur « Excel : tableaux croisés dynamiques »");
    expect(toLea?.text).toContain(
      `https://tremplin.test/mes-formations/satisfaction/${await enrolmentOf(ended, w.learners.lea.id)}`,
    );
  });

  it("takes the learner's answer, lets them change it until it closes, and refuses bad ratings", async () => {
    const lea = actorOf(w.learners.lea);
    const enrolmentId = await enrolmentOf(ended, w.learners.lea.id);
    expect(
      (await listLearnerOpenSurveys(database.db, { actor: lea, now })).map((s) => s.enrolmentId),
    ).toEqual([enrolmentId]);
    await expect(
      answerSurvey(database.db, { actor: lea, enrolmentId, answer: { ...good, trainer: "6" }, now }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "trainer", message: "une note de 1 à 5 est attendue" }],
    });
    expect(await answerSurvey(database.db, { actor: lea, enrolmentId, answer: good, now })).toEqual({
      isUpdate: false,
    });
    expect(
      await answerSurvey(database.db, { actor: lea, enrolmentId, answer: { ...good, equipment: "2" }, now }),
    ).toEqual({ isUpdate: true });
    const { survey, isOpen } = await getLearnerSurvey(database.db, { actor: lea, enrolmentId, now });
    expect(isOpen).toBe(true);
    expect(survey).toMatchObject({ objectives: 5, equipment: 2, comment: "Très clair." });
    const closed = new Date("2026-12-20T16:00:00Z");
    await expect(
      answerSurvey(database.db, { actor: lea, enrolmentId, answer: good, now: closed }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await listLearnerOpenSurveys(database.db, { actor: lea, now: closed })).toEqual([]);
  });

  it("is answered by its learner only: another one, or one who owes none, finds nothing", async () => {
    const enrolmentId = await enrolmentOf(ended, w.learners.lea.id);
    for (const actor of [actorOf(w.learners.chloe), actorOf(w.learners.omar), w.it]) {
      await expect(
        answerSurvey(database.db, { actor, enrolmentId, answer: good, now }),
      ).rejects.toMatchObject({
        code: "not_found",
      });
    }
    const omarEnrolment = await enrolmentOf(ended, w.learners.omar.id);
    await expect(
      getLearnerSurvey(database.db, { actor: actorOf(w.learners.omar), enrolmentId: omarEnrolment, now }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      getLearnerSurvey(database.db, { actor: actorOf(w.learners.omar), enrolmentId: "not-a-uuid", now }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("shows IT, and only IT, the averages, the response rate and the comments, without names", async () => {
    const overview = await getSatisfactionOverview(database.db, { actor: w.it, period });
    expect(overview).toEqual([
      expect.objectContaining({
        trainingId: w.training.id,
        sessions: 1,
        invited: 2,
        answered: 1,
        responseRate: 0.5,
        overall: 4,
      }),
    ]);
    const detail = await getTrainingSatisfaction(database.db, {
      actor: w.it,
      trainingId: w.training.id,
      period,
    });
    expect(detail.trainingTitle).toBe("Excel : tableaux croisés dynamiques");
    expect(detail.summary).toMatchObject({
      invited: 2,
      answered: 1,
      averages: { objectives: 5, content: 4, trainer: 5, organisation: 4, equipment: 2 },
      comments: ["Très clair."],
    });
    expect(detail.sessions.map((s) => [s.sessionId, s.trainerName, s.summary.answered])).toEqual([
      [ended, "Isabelle Fabre", 1],
    ]);
    expect(JSON.stringify(detail)).not.toContain("Léa");
    const [someoneElse] = await makeUsers(database.db, [{ roles: ["learner", "trainer"] }]);
    for (const actor of [w.trainer, w.auditor, actorOf(someoneElse!)]) {
      await expect(getSatisfactionOverview(database.db, { actor, period })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    expect(
      await getSatisfactionOverview(database.db, {
        actor: w.it,
        period: { from: "2026-12-01", to: "2026-12-31" },
      }),
    ).toEqual([]);
  });
});
