import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "@tremplin/db/client";
import { auditLog, enrolments, sessions } from "@tremplin/db/schema";
import { setUpTestWorld } from "@tremplin/db/testing";
import { and, eq, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeQuotedPrintable, decodeWord } from "@/server/mail/eml";
import { cancelEnrolment } from "./cancel-enrolment";
import { enrolInSession } from "./enrol-in-session";
import { getCancellation } from "./get-cancellation";
import { asLearner, buildLearningWorld, type LearningWorld } from "./test-world";

let database: Database;
let w: LearningWorld;
const now = new Date("2026-11-20T10:00:00Z");
const later = (days: number, hour = 8) => new Date(Date.UTC(2026, 10, 20 + days, hour));

setUpTestWorld(buildLearningWorld, (d, world) => {
  database = d;
  w = world;
});

const enrol = (learner: LearningWorld["learners"][number], sessionId: string, at = now) =>
  enrolInSession(database.db, {
    learner: asLearner(learner),
    sessionId,
    now: at,
  });
const cancel = (learner: LearningWorld["learners"][number], enrolmentId: string, at = now) =>
  cancelEnrolment(database.db, {
    learner: asLearner(learner),
    enrolmentId,
    now: at,
  });
const live = (sessionId: string) =>
  database.db
    .select({ id: enrolments.id, learnerId: enrolments.learnerId, status: enrolments.status })
    .from(enrolments)
    .where(and(eq(enrolments.sessionId, sessionId), ne(enrolments.status, "cancelled")));
async function mailsTo(address: string) {
  await w.sendMails();
  const files = (await readdir(w.outboxDir)).filter((f) => f.endsWith(".eml"));
  const texts = await Promise.all(files.map((f) => readFile(path.join(w.outboxDir, f), "utf8")));
  return texts
    .filter((t) => t.includes(`<${address}>`))
    .map((t) => {
      const [head, ...body] = t.split("\r\n\r\n");
      return {
        subject: decodeWord(head!.match(/^Subject: (.*)$/m)?.[1] ?? ""),
        text: decodeQuotedPrintable(body.join("\r\n\r\n")),
      };
    });
}

describe("self-enrolment", () => {
  it("gives a seat and sends the confirmation e-mail", async () => {
    const session = await w.addSession({ startsAt: later(3), endsAt: later(3, 16) });
    const [lea] = w.learners;
    const result = await enrol(lea!, session.id);
    expect(result).toMatchObject({ outcome: "enrolled" });
    expect(await live(session.id)).toEqual([
      { id: result.enrolmentId, learnerId: lea!.id, status: "enrolled" },
    ]);
    const mails = await mailsTo(lea!.email!);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Inscription confirmée : Les fondamentaux de la comptabilité");
    expect(mails[0]!.text).toContain("est confirmée, le lundi 23 novembre 2026, de 09:00 à 17:00.");
    expect(mails[0]!.text).toContain("Salle Adour, Maison de région de Tarbes");
  });

  it("refuses a second enrolment and a past or started session, writing nothing", async () => {
    const session = await w.addSession({ startsAt: later(4), endsAt: later(4, 16) });
    const omar = w.learners[1]!;
    await enrol(omar, session.id);
    const before = await live(session.id);
    await expect(enrol(omar, session.id)).rejects.toMatchObject({
      code: "conflict",
      message: "Vous êtes déjà inscrit(e) à cette session.",
    });
    const past = await w.addSession({ startsAt: later(-2), endsAt: later(-2, 16) });
    await expect(enrol(omar, past.id)).rejects.toThrow(
      "Cette session est terminée : choisissez une session à venir.",
    );
    const started = await w.addSession({ startsAt: later(0, 9), endsAt: later(0, 17) });
    await expect(enrol(omar, started.id)).rejects.toThrow(/a déjà commencé/);
    await expect(enrol(omar, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    expect(await live(session.id)).toEqual(before);
    expect(await live(past.id)).toEqual([]);
    expect(await live(started.id)).toEqual([]);
  });

  it("refuses a session at the same time as one already held, naming it, until the learner confirms", async () => {
    const first = await w.addSession({ startsAt: later(9), endsAt: later(9, 16) });
    const clash = await w.addSession({ startsAt: later(9, 13), endsAt: later(9, 17) });
    const next = await w.addSession({ startsAt: later(9, 16), endsAt: later(9, 18) });
    const hugo = w.learners[3]!;
    await enrol(hugo, first.id);
    await expect(enrol(hugo, clash.id)).rejects.toMatchObject({
      code: "conflict",
      message:
        "Cette session a lieu en même temps que « Les fondamentaux de la comptabilité » (dimanche 29 novembre 2026, 09:00–17:00), où vous êtes déjà inscrit(e). Confirmez pour vous inscrire quand même.",
    });
    expect(await live(clash.id)).toEqual([]);
    expect(await enrol(hugo, next.id)).toMatchObject({ outcome: "enrolled" });
    const confirmed = await enrolInSession(database.db, {
      learner: asLearner(hugo),
      sessionId: clash.id,
      now,
      acceptOverlap: true,
    });
    expect(confirmed).toMatchObject({ outcome: "enrolled" });
  });

  it("puts the learner on the waiting list of a full session and says so", async () => {
    const session = await w.addSession({ startsAt: later(5), endsAt: later(5, 16), capacity: 1 });
    const [lea, omar, chloe] = w.learners;
    await enrol(lea!, session.id);
    expect(await enrol(omar!, session.id)).toMatchObject({ outcome: "waitlisted", position: 1 });
    expect(await enrol(chloe!, session.id)).toMatchObject({ outcome: "waitlisted", position: 2 });
    await expect(enrol(chloe!, session.id)).rejects.toThrow(/déjà sur la liste d'attente/);
    const mail = (await mailsTo(chloe!.email!)).find((m) => m.subject?.startsWith("Liste d'attente"));
    expect(mail?.text).toContain("en position 2");
  });

  it("refuses a training whose prerequisite is not finished, then accepts once it is", async () => {
    const session = await w.addSession({
      startsAt: later(6),
      endsAt: later(6, 16),
      trainingId: w.payroll.id,
    });
    const zoe = w.learners[4]!;
    await expect(enrol(zoe, session.id)).rejects.toThrow(
      `Prérequis non rempli : terminez d'abord la formation « Les fondamentaux de la comptabilité » (COMPTA-01-${w.tag}).`,
    );
    expect(await live(session.id)).toEqual([]);
    await database.db
      .insert(enrolments)
      .values({ learnerId: zoe.id, trainingId: w.basics.id, status: "completed" });
    expect(await enrol(zoe, session.id)).toMatchObject({ outcome: "enrolled" });
  });
});

describe("concurrent enrolments", () => {
  it("never oversubscribes the last seats: every request decided in turn", async () => {
    const session = await w.addSession({ startsAt: later(7), endsAt: later(7, 16), capacity: 2 });
    const results = await Promise.allSettled(w.learners.map((l) => enrol(l, session.id)));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const outcomes = results.map(
      (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof enrol>>>).value,
    );
    expect(outcomes.filter((o) => o.outcome === "enrolled")).toHaveLength(2);
    const positions = outcomes.flatMap((o) => (o.outcome === "waitlisted" ? [o.position] : [])).sort();
    expect(positions).toEqual([1, 2, 3, 4]);
    const rows = await live(session.id);
    expect(rows.filter((r) => r.status === "enrolled")).toHaveLength(2);
    expect(rows).toHaveLength(6);
  });

  it("turns a burst of double submits into one enrolment", async () => {
    const session = await w.addSession({ startsAt: later(8), endsAt: later(8, 16), capacity: 5 });
    const hugo = w.learners[5]!;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => enrol(hugo, session.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    }
    expect(await live(session.id)).toHaveLength(1);
  });
});

describe("seat counts on the session row", () => {
  /** The counts the triggers keep, beside the same counts taken from the enrolments. */
  async function counts(sessionId: string) {
    const [row] = await database.db
      .select({ seatsTaken: sessions.seatsTaken, waiting: sessions.waitingCount })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    const rows = await live(sessionId);
    return {
      kept: row,
      actual: {
        seatsTaken: rows.filter((r) => r.status !== "waitlisted").length,
        waiting: rows.filter((r) => r.status === "waitlisted").length,
      },
    };
  }

  it("follow every change of enrolments, whichever code makes it", async () => {
    const a = await w.addSession({ startsAt: later(12), endsAt: later(12, 16), capacity: 2 });
    const b = await w.addSession({ startsAt: later(13), endsAt: later(13, 16), capacity: 2 });
    const [lea, omar, chloe, elodie, hugo] = w.learners;
    const steps: [string, () => Promise<unknown>][] = [
      [
        "two seats, one waiting",
        async () => {
          for (const l of [lea!, omar!, chloe!]) await enrol(l, a.id);
        },
      ],
      [
        "a cancellation promotes the first waiting",
        async () => {
          const [seat] = (await live(a.id)).filter((r) => r.learnerId === lea!.id);
          await cancel(lea!, seat!.id);
        },
      ],
      [
        "several rows in one insert",
        () =>
          database.db.insert(enrolments).values(
            [elodie!, hugo!].map((l) => ({
              learnerId: l.id,
              trainingId: a.trainingId,
              sessionId: b.id,
              status: "waitlisted" as const,
              createdAt: now,
            })),
          ),
      ],
      [
        "a training completed keeps its seat",
        () =>
          database.db
            .update(enrolments)
            .set({ status: "completed" })
            .where(and(eq(enrolments.sessionId, a.id), eq(enrolments.learnerId, omar!.id))),
      ],
      [
        "an enrolment moved to another session",
        () =>
          database.db
            .update(enrolments)
            .set({ sessionId: b.id, status: "enrolled" })
            .where(and(eq(enrolments.sessionId, a.id), eq(enrolments.learnerId, chloe!.id))),
      ],
      [
        "an update that leaves status and session alone",
        () =>
          database.db.update(enrolments).set({ lastActivityAt: now }).where(eq(enrolments.sessionId, b.id)),
      ],
      [
        "a row deleted",
        () =>
          database.db
            .delete(enrolments)
            .where(and(eq(enrolments.sessionId, b.id), eq(enrolments.learnerId, hugo!.id))),
      ],
    ];
    for (const [step, run] of steps) {
      await run();
      for (const session of [a, b]) {
        const { kept, actual } = await counts(session.id);
        expect(kept, step).toEqual(actual);
      }
    }
    expect((await counts(a.id)).kept).toEqual({ seatsTaken: 1, waiting: 0 });
    expect((await counts(b.id)).kept).toEqual({ seatsTaken: 1, waiting: 1 });
  });
});

describe("cancelling", () => {
  it("frees the seat for the first on the waiting list, and tells both", async () => {
    const session = await w.addSession({ startsAt: later(9), endsAt: later(9, 16), capacity: 1 });
    const [lea, omar, chloe] = w.learners;
    const seat = await enrol(lea!, session.id);
    await enrol(omar!, session.id, new Date(now.getTime() + 1000));
    await enrol(chloe!, session.id, new Date(now.getTime() + 2000));
    expect(await cancel(lea!, seat.enrolmentId)).toEqual({ promoted: 1, wasWaiting: false });
    const statuses = Object.fromEntries((await live(session.id)).map((r) => [r.learnerId, r.status]));
    expect(statuses).toEqual({ [omar!.id]: "enrolled", [chloe!.id]: "waitlisted" });
    expect((await mailsTo(omar!.email!)).some((m) => m.subject?.startsWith("Une place s'est libérée"))).toBe(
      true,
    );
    expect((await mailsTo(lea!.email!)).some((m) => m.subject?.startsWith("Inscription annulée"))).toBe(true);
    const promoted = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, session.id), eq(auditLog.action, "enrolment.promoted")));
    expect(promoted).toHaveLength(1);
    await expect(cancel(lea!, seat.enrolmentId)).rejects.toThrow("Cette inscription est déjà annulée.");
    // Leaving the waiting list is said as such, not as a cancelled enrolment.
    const waiting = (await live(session.id)).find((r) => r.learnerId === chloe!.id)!;
    expect(await cancel(chloe!, waiting.id)).toEqual({ promoted: 0, wasWaiting: true });
  });

  it("answers 'not found' for another learner's enrolment and changes nothing", async () => {
    const session = await w.addSession({ startsAt: later(10), endsAt: later(10, 16) });
    const [lea, omar] = w.learners;
    const seat = await enrol(lea!, session.id);
    await expect(cancel(omar!, seat.enrolmentId)).rejects.toMatchObject({
      code: "not_found",
      message: "Inscription introuvable.",
    });
    // The confirmation page does not show it either.
    for (const enrolmentId of [seat.enrolmentId, "not-a-uuid"])
      await expect(
        getCancellation(database.db, { learnerId: omar!.id, enrolmentId, now }),
      ).rejects.toMatchObject({
        code: "not_found",
      });
    expect(await live(session.id)).toEqual([
      { id: seat.enrolmentId, learnerId: lea!.id, status: "enrolled" },
    ]);
  });

  it("refuses to cancel once the session has started", async () => {
    const session = await w.addSession({ startsAt: later(11), endsAt: later(11, 16) });
    const seat = await enrol(w.learners[2]!, session.id);
    const before = await getCancellation(database.db, {
      learnerId: w.learners[2]!.id,
      enrolmentId: seat.enrolmentId,
      now,
    });
    expect(before).toMatchObject({ enrolment: { id: seat.enrolmentId, status: "enrolled" }, refusal: null });
    const after = await getCancellation(database.db, {
      learnerId: w.learners[2]!.id,
      enrolmentId: seat.enrolmentId,
      now: later(11, 9),
    });
    expect(after.refusal).toMatch(/a commencé/);
    await expect(cancel(w.learners[2]!, seat.enrolmentId, later(11, 9))).rejects.toThrow(/a commencé/);
  });
});

describe("rate limit", () => {
  it("stops a learner after ten enrolments in a minute", async () => {
    const elodie = w.learners[3]!;
    const at = new Date("2026-11-20T11:00:00Z");
    const sessions = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        w.addSession({ startsAt: later(20 + i), endsAt: later(20 + i, 16) }),
      ),
    );
    for (const s of sessions.slice(0, 10)) await enrol(elodie, s.id, at);
    await expect(enrol(elodie, sessions[10]!.id, at)).rejects.toMatchObject({ code: "rate_limited" });
    expect(await live(sessions[10]!.id)).toEqual([]);
  });
});
