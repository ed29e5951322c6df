import type { Database } from "@tremplin/db/client";
import { makeUsers } from "@tremplin/db/factories";
import { auditLog, enrolments, users } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLearnerToSession } from "../add-learner-to-session";
import { buildPlanningWorld, type PlanningWorld } from "../test-world";
import { confirmBulkEnrolment, previewBulkEnrolment } from "./bulk-enrol-learners";

let database: Database;
let w: PlanningWorld;
let sessionId: string;
const now = new Date("2026-11-20T10:00:00Z");
const utf8 = (text: string) => new TextEncoder().encode(`\uFEFF${text}`);
let file: Uint8Array;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  const { lea, omar, chloe, elodie, zoe } = w.learners;
  await database.db
    .update(users)
    .set({ email: `chloe.${w.tag}@exemple.fr` })
    .where(eq(users.id, chloe.id));
  // Three seats: Omar holds one, Élodie waits.
  sessionId = (
    await w.addSession({
      startsAt: new Date("2026-11-23T08:00:00Z"),
      endsAt: new Date("2026-11-23T16:00:00Z"),
      capacity: 3,
    })
  ).id;
  await w.enrol(sessionId, [omar.id]);
  await w.enrol(sessionId, [elodie.id], "waitlisted");
  file = utf8(
    [
      "Nom;Identifiant;E-mail",
      `Léa André;${lea.username.toUpperCase()};`,
      `Chloé Cazals;;CHLOE.${w.tag}@exemple.fr`,
      "Inconnu;personne.inconnue;",
      `Omar Benali;${omar.username};`,
      `Léa encore;${lea.username};`,
      `Isabelle Fabre;${w.trainerUser.username};`,
      "Trop;de;colonnes;ici",
      `Élodie Durand;${elodie.username};`,
      `Zoé Œuvrard;${zoe.username};`,
    ].join("\r\n"),
  );
});
afterAll(() => database.close());

const live = () =>
  database.db
    .select({ learnerId: enrolments.learnerId, status: enrolments.status })
    .from(enrolments)
    .where(and(eq(enrolments.sessionId, sessionId), ne(enrolments.status, "cancelled")));
const preview = () => previewBulkEnrolment(database.db, { actor: w.it, sessionId, file, now });
const confirm = (fingerprint: string) =>
  confirmBulkEnrolment(database.db, {
    actor: w.it,
    sessionId,
    file,
    fingerprint,
    fileName: "liste.csv",
    now,
  });

describe("IT enrols a CSV list of learners", () => {
  it("previews every line's outcome and writes nothing", async () => {
    const before = await live();
    const result = await preview();
    expect(result.lines.map((l) => [l.line, l.outcome.kind])).toEqual([
      [2, "enrol"],
      [3, "enrol"],
      [4, "unknown"],
      [5, "already_enrolled"],
      [6, "duplicate"],
      [7, "not_learner"],
      [8, "malformed"],
      [9, "full"],
      [10, "full"],
    ]);
    expect(result.acceptedCount).toBe(2);
    expect(await live()).toEqual(before);
  });

  it("refuses the confirmation when a seat was taken since the preview, writing nothing", async () => {
    const { fingerprint } = await preview();
    await addLearnerToSession(database.db, { actor: w.it, sessionId, learnerId: w.learners.zoe.id, now });
    await expect(confirm(fingerprint)).rejects.toMatchObject({ code: "conflict" });
    expect((await live()).map((e) => e.learnerId)).not.toContain(w.learners.lea.id);
    // Zoé leaves again: the next preview finds the same two seats.
    await database.db
      .update(enrolments)
      .set({ status: "cancelled" })
      .where(and(eq(enrolments.sessionId, sessionId), eq(enrolments.learnerId, w.learners.zoe.id)));
  });

  it("writes all the accepted lines in one go, each mailed and audited, and the import audited", async () => {
    const { fingerprint } = await preview();
    expect(await confirm(fingerprint)).toEqual({ enrolled: 2, promoted: 0 });
    const statuses = Object.fromEntries((await live()).map((e) => [e.learnerId, e.status]));
    expect(statuses).toEqual({
      [w.learners.omar.id]: "enrolled",
      [w.learners.lea.id]: "enrolled",
      [w.learners.chloe.id]: "enrolled",
      [w.learners.elodie.id]: "waitlisted",
    });
    const mails = await w.queuedMails(sessionId);
    expect(mails.filter((m) => m.kind === "enrolled").map((m) => m.learnerId)).toEqual(
      expect.arrayContaining([w.learners.lea.id, w.learners.chloe.id]),
    );
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, sessionId));
    expect(audit.find((a) => a.action === "enrolment.bulk_imported")?.details).toEqual({
      fileName: "liste.csv",
      lines: 9,
      enrolled: 2,
      promoted: 0,
      refused: 7,
    });
    expect(
      audit.filter((a) => a.action === "enrolment.created" && (a.details as { via?: string }).via === "csv"),
    ).toHaveLength(2);
    // The same list again: nothing left to write.
    await expect(confirm((await preview()).fingerprint)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("gives a waiting learner the seat, as IT does by hand", async () => {
    const [extra] = await makeUsers(database.db, [{ displayName: "Inès Petit" }]);
    const small = (
      await w.addSession({
        startsAt: new Date("2026-11-24T08:00:00Z"),
        endsAt: new Date("2026-11-24T16:00:00Z"),
        capacity: 1,
      })
    ).id;
    await w.enrol(small, [extra!.id], "waitlisted");
    const list = utf8(`identifiant\n${extra!.username}\n`);
    const seen = await previewBulkEnrolment(database.db, { actor: w.it, sessionId: small, file: list, now });
    expect(seen.lines[0]!.outcome.kind).toBe("promote");
    expect(
      await confirmBulkEnrolment(database.db, {
        actor: w.it,
        sessionId: small,
        file: list,
        fingerprint: seen.fingerprint,
        now,
      }),
    ).toEqual({ enrolled: 0, promoted: 1 });
  });

  it("is IT's alone, and refuses an unreadable file or a finished session", async () => {
    for (const actor of [w.trainer, w.auditor, w.learnerActor]) {
      await expect(previewBulkEnrolment(database.db, { actor, sessionId, file, now })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    await expect(
      previewBulkEnrolment(database.db, { actor: w.it, sessionId, file: utf8("nom\nx\n"), now }),
    ).rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "file" }] });
    await expect(
      previewBulkEnrolment(database.db, {
        actor: w.it,
        sessionId,
        file,
        now: new Date("2026-11-24T00:00:00Z"),
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });
});
