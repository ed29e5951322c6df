import type { Database } from "@tremplin/db/client";
import { queueSessionMailJobs } from "@tremplin/db/queries/mail-jobs";
import { enrolments, mailJobs, sessions } from "@tremplin/db/schema";
import { setUpTestWorld } from "@tremplin/db/testing";
import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { sendQueuedMails, startMailWorker } from "@/server/mail/mail-job-worker";
import type { Mailer, MailMessage } from "@/server/mail/mailer";
import { cancelEnrolment } from "./cancel-enrolment";
import { enrolInSession } from "./enrol-in-session";
import { asLearner, buildLearningWorld, type LearningWorld } from "./test-world";

let database: Database;
let w: LearningWorld;
const now = new Date("2026-11-20T10:00:00Z");
const later = (days: number, hour = 8) => new Date(Date.UTC(2026, 10, 20 + days, hour));

setUpTestWorld(buildLearningWorld, (d, world) => {
  database = d;
  w = world;
});
beforeEach(async () => {
  await database.db.delete(mailJobs);
});

/** A mailer that keeps what it is given, or refuses while `failing` is set. */
function recordingMailer() {
  const sent: { message: MailMessage; at: number }[] = [];
  const mailer = {
    failing: false,
    sent,
    async send(message: MailMessage) {
      if (mailer.failing) throw new Error("ENOSPC: no space left on device");
      sent.push({ message, at: performance.now() });
    },
  } satisfies Mailer & Record<string, unknown>;
  return mailer;
}
const queued = () =>
  database.db
    .select({ kind: mailJobs.kind, attempts: mailJobs.attempts })
    .from(mailJobs)
    .orderBy(asc(mailJobs.id));
const send = (mailer: Mailer, at = now, limit = 100) =>
  sendQueuedMails(database.db, { mailer, baseUrl: "https://tremplin.test", now: at, limit });

describe("enrolment mails as jobs", () => {
  it("queues the mail with the enrolment, and nothing for a refused one", async () => {
    const session = await w.addSession({ startsAt: later(3), endsAt: later(3, 16), capacity: 1 });
    const [lea, omar] = w.learners;
    await enrolInSession(database.db, { learner: asLearner(lea!), sessionId: session.id, now });
    await enrolInSession(database.db, { learner: asLearner(omar!), sessionId: session.id, now });
    await expect(
      enrolInSession(database.db, { learner: asLearner(omar!), sessionId: session.id, now }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await queued()).toEqual([
      { kind: "enrolled", attempts: 0 },
      { kind: "waitlisted", attempts: 0 },
    ]);
    const mailer = recordingMailer();
    expect(await send(mailer)).toBe(2);
    expect(mailer.sent.map((s) => [s.message.to.address, s.message.subject])).toEqual([
      [lea!.email, "Inscription confirmée : Les fondamentaux de la comptabilité"],
      [omar!.email, "Liste d'attente : Les fondamentaux de la comptabilité"],
    ]);
    expect(mailer.sent[1]!.message.text).toContain("en position 1");
    // The event names the message: written twice after a crash, it is still one mail to its reader.
    expect(mailer.sent[0]!.message.id).toMatch(/^enrolled\.[0-9a-f-]{36}$/);
    expect(await queued()).toEqual([]);
  });

  it("queues the cancellation and the promotion in the cancelling transaction", async () => {
    const session = await w.addSession({ startsAt: later(4), endsAt: later(4, 16), capacity: 1 });
    const [lea, omar] = w.learners;
    const seat = await w.enrol(session.id, lea!.id);
    await w.enrol(session.id, omar!.id, "waitlisted");
    await cancelEnrolment(database.db, { learner: asLearner(lea!), enrolmentId: seat.id, now });
    const mailer = recordingMailer();
    await send(mailer);
    expect(mailer.sent.map((s) => [s.message.to.address, s.message.subject])).toEqual([
      [lea!.email, "Inscription annulée : Les fondamentaux de la comptabilité"],
      [omar!.email, "Une place s'est libérée : Les fondamentaux de la comptabilité"],
    ]);
  });

  it("tells everyone enrolled or waiting that IT cancelled the session, with where to enrol again", async () => {
    const session = await w.addSession({ startsAt: later(9), endsAt: later(9, 16), capacity: 1 });
    const [lea, omar, chloe] = w.learners;
    await w.enrol(session.id, lea!.id);
    await w.enrol(session.id, omar!.id, "waitlisted");
    const gone = await w.enrol(session.id, chloe!.id);
    await database.db.update(enrolments).set({ status: "cancelled" }).where(eq(enrolments.id, gone.id));
    await queueSessionMailJobs(database.db, session.id, "session_cancelled", now);
    const mailer = recordingMailer();
    await send(mailer);
    expect(mailer.sent.map((s) => [s.message.to.address, s.message.subject])).toEqual([
      [lea!.email, "Session annulée : Les fondamentaux de la comptabilité"],
      [omar!.email, "Session annulée : Les fondamentaux de la comptabilité"],
    ]);
    expect(mailer.sent[0]!.message.text).toContain(
      "prévue le dimanche 29 novembre 2026, de 09:00 à 17:00, est annulée : ne vous déplacez pas.",
    );
    expect(mailer.sent[0]!.message.text).toContain(
      `Vous pouvez vous inscrire à une autre session de cette formation : https://tremplin.test/formations/${session.trainingId}`,
    );
  });

  it("tells the learners of a session that moved where and when it is now", async () => {
    const session = await w.addSession({ startsAt: later(10, 8), endsAt: later(10, 16) });
    await w.enrol(session.id, w.learners[4]!.id);
    await queueSessionMailJobs(database.db, session.id, "session_changed", now);
    const mailer = recordingMailer();
    await send(mailer);
    expect(mailer.sent[0]!.message.subject).toBe("Session modifiée : Les fondamentaux de la comptabilité");
    expect(mailer.sent[0]!.message.text).toContain(
      "a changé : elle a lieu désormais le lundi 30 novembre 2026, de 09:00 à 17:00.",
    );
    expect(mailer.sent[0]!.message.text).toContain("Lieu : Salle Adour, Maison de région de Tarbes");
  });

  it("says the session as it is when the mail leaves, not as it was when queued", async () => {
    const session = await w.addSession({ startsAt: later(5, 8), endsAt: later(5, 16) });
    await enrolInSession(database.db, { learner: asLearner(w.learners[2]!), sessionId: session.id, now });
    await database.db
      .update(sessions)
      .set({ startsAt: later(5, 12), endsAt: later(5, 15) })
      .where(eq(sessions.id, session.id));
    const mailer = recordingMailer();
    await send(mailer);
    expect(mailer.sent[0]!.message.text).toContain("le mercredi 25 novembre 2026, de 13:00 à 16:00");
  });

  it("keeps a mail the mailer could not take and sends it once its lease has run out", async () => {
    const session = await w.addSession({ startsAt: later(6), endsAt: later(6, 16) });
    await enrolInSession(database.db, { learner: asLearner(w.learners[3]!), sessionId: session.id, now });
    const mailer = recordingMailer();
    mailer.failing = true;
    expect(await send(mailer)).toBe(1);
    expect(await queued()).toEqual([{ kind: "enrolled", attempts: 1 }]);
    mailer.failing = false;
    // Held by the attempt that failed (it could as well be another instance still sending it).
    expect(await send(mailer, new Date(now.getTime() + 60_000))).toBe(0);
    expect(await send(mailer, new Date(now.getTime() + 3 * 60_000))).toBe(1);
    expect(mailer.sent).toHaveLength(1);
    expect(await queued()).toEqual([]);
  });

  it("never gives one job to two senders at once", async () => {
    const session = await w.addSession({ startsAt: later(7), endsAt: later(7, 16), capacity: 50 });
    for (const learner of w.learners)
      await enrolInSession(database.db, { learner: asLearner(learner), sessionId: session.id, now });
    const mailers = [recordingMailer(), recordingMailer(), recordingMailer()];
    await Promise.all(mailers.map((m) => send(m, now, 2)));
    await Promise.all(mailers.map((m) => send(m, now, 2)));
    const addresses = mailers.flatMap((m) => m.sent.map((s) => s.message.to.address)).sort();
    expect(addresses).toEqual(w.learners.map((l) => l.email).sort());
  });
});

describe("the mail worker", () => {
  it("sends at once when woken, then at most `perSecond` a second", async () => {
    const session = await w.addSession({ startsAt: later(8), endsAt: later(8, 16), capacity: 50 });
    const mailer = recordingMailer();
    const worker = startMailWorker({
      getDb: async () => database.db,
      getMailer: () => mailer,
      baseUrl: () => "https://tremplin.test",
      perSecond: 3,
      pollMs: 60_000,
      log: { error: () => {} },
    });
    try {
      for (const learner of w.learners)
        await enrolInSession(database.db, { learner: asLearner(learner), sessionId: session.id, now });
      const woken = performance.now();
      worker.wake();
      await expect.poll(() => mailer.sent.length, { timeout: 10_000 }).toBe(w.learners.length);
      // A second's worth at once, then, with more waiting, the next second's worth a second later.
      expect(mailer.sent[0]!.at - woken).toBeLessThan(1_000);
      expect(mailer.sent[3]!.at - mailer.sent[0]!.at).toBeGreaterThanOrEqual(900);
      expect(await queued()).toEqual([]);
    } finally {
      await worker.stop();
    }
  });
});
