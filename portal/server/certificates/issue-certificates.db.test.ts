import path from "node:path";
import type { Database } from "@tremplin/db/client";
import { certificateQueueState } from "@tremplin/db/queries/certificates";
import { readEntries, vaultSize } from "@tremplin/db/queries/vault";
import {
  attendanceRecords,
  auditLog,
  certificateJobs,
  certificates,
  organisations,
  progress,
  trainings,
} from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLearningWorld, type LearningWorld } from "@/server/learning/test-world";
import { loadOrCreateOrganisationPki, type OrganisationPki } from "@/server/signing/organisation-pki";
import { verifySignedPdf } from "@/server/signing/pades-verify";
import type { SigningSetup } from "@/server/signing/signing-setup";
import { builtInTimestamper } from "@/server/signing/timestamper";
import { appendVaultEntry } from "@/server/vault/append-vault-entry";
import { decodeEntry } from "@/server/vault/entry";
import { testVaultKeys } from "@/server/vault/test-fixtures";
import { type CertificateStore, folderCertificateStore } from "./certificate-store";
import { drainCertificateJobs } from "./certificate-worker";
import { evaluateEnrolment } from "./evaluate-enrolment";
import { findPublicCertificate } from "./find-public-certificate";
import type { IssuanceDeps } from "./issue-due-certificates";
import { getMyCompletionStatus } from "./list-my-certification";
import { makeSignedDocument } from "./make-signed-document";
import { purgeExpiredAttendance, purgeExpiredCertificates } from "./purge-expired-evidence";
import { reissueCertificate } from "./reissue-certificate";
import { revokeCertificate } from "./revoke-certificate";
import { findCertificates, setCertificateLegalHold } from "./search-certificates";
import { getCompletionRules, updateCompletionRules } from "./update-completion-rules";

const keys = testVaultKeys();
const hour = 3_600_000;
const quiet = { error: () => undefined, info: () => undefined };
let database: Database;
let world: LearningWorld;
let pki: OrganisationPki;
let store: CertificateStore;
let deps: IssuanceDeps;
let tmp: Awaited<ReturnType<typeof makeTmpDir>>;

function setupOf(p: OrganisationPki): SigningSetup {
  return {
    pki: p,
    documentSigner: p.documentSigner,
    timestamper: builtInTimestamper(p.tsa),
    caCertificates: [p.ca.certificateDer],
    tsaCertificates: [p.tsa.certificateDer],
    crls: async () => [await p.crl()],
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildLearningWorld(database.db);
  await database.db
    .update(organisations)
    .set({
      legalName: "Région Test — Service formation",
      activityNumber: "76 31 00000 31",
      siret: "20005379100014",
    })
    .where(eq(organisations.id, world.org.id));
  await database.db
    .update(trainings)
    .set({ rules: { passingScorePercent: 80, maxAttempts: 3, minAttendancePercent: 80 } })
    .where(eq(trainings.id, world.basics.id));
  tmp = await makeTmpDir("tremplin-certificates-");
  pki = await loadOrCreateOrganisationPki(path.join(tmp.dir, "pki"), { organisation: "Région Test" });
  store = folderCertificateStore(path.join(tmp.dir, "certificates"));
  deps = {
    makeDocument: (facts) => makeSignedDocument(setupOf(pki), facts, "https://tremplin.test"),
    appendToVault: (tx, entry) => appendVaultEntry(tx, entry, keys),
    store,
  };
});
afterAll(async () => {
  await database?.close();
  await tmp?.cleanup();
  await world?.cleanup();
});

/**
 * A learner who sat `attendedHours` of a past day's session (9:00-17:00 in Paris: 7 hours planned,
 * the lunch break not counted) and did every module.
 */
async function finishedLearner(learnerIndex: number, attendedHours: number, daysAgo: number) {
  const startsAt = new Date(Date.now() - daysAgo * 86_400_000);
  startsAt.setUTCHours(8, 0, 0, 0);
  const session = await world.addSession({ startsAt, endsAt: new Date(startsAt.getTime() + 8 * hour) });
  const learner = world.learners[learnerIndex]!;
  const enrolment = await world.enrol(session.id, learner.id);
  await database.db.insert(attendanceRecords).values({
    sessionId: session.id,
    learnerId: learner.id,
    source: "kiosk",
    startedAt: startsAt,
    endedAt: new Date(startsAt.getTime() + attendedHours * hour),
    endReason: "logout",
  });
  for (const m of world.modules) {
    await database.db
      .insert(progress)
      .values({
        learnerId: learner.id,
        enrolmentId: enrolment.id,
        moduleId: m.id,
        status: m.kind === "quiz" ? "passed" : "completed",
      })
      .onConflictDoNothing();
  }
  return { session, learner, enrolment };
}

const drain = (d: IssuanceDeps = deps) =>
  drainCertificateJobs(database.db, { deps: d, now: () => new Date(), limit: 50, log: quiet });

describe("certificates issued when the rules are met", () => {
  it("issues both documents through rules, PDF, signature, time-stamp and vault, once", async () => {
    const { enrolment } = await finishedLearner(0, 8, 2);
    // The triggers on attendance and progress queued the evaluation; nobody clicked.
    const queued = await database.db
      .select()
      .from(certificateJobs)
      .where(eq(certificateJobs.enrolmentId, enrolment.id));
    expect(queued).toHaveLength(1);
    await drain();
    const issued = await database.db
      .select()
      .from(certificates)
      .where(eq(certificates.enrolmentId, enrolment.id));
    expect(issued.map((c) => c.kind).sort()).toEqual(["attendance", "completion"]);
    expect(
      await database.db.select().from(certificateJobs).where(eq(certificateJobs.enrolmentId, enrolment.id)),
    ).toEqual([]);
    for (const c of issued) {
      const pdf = (await store.get(c.blobKey!))!;
      const verdict = await verifySignedPdf(pdf, {
        caCertificates: [pki.ca.certificateDer],
        tsaCertificates: [pki.tsa.certificateDer],
      });
      expect(verdict.checks.filter((x) => !x.ok)).toEqual([]);
      expect(verdict.documentSha256).toBe(c.pdfSha256);
      expect(c.vaultLeafIndex).not.toBeNull();
      expect(c.facts).toMatchObject({
        learner: { name: "Léa André" },
        action: { attendedMinutes: 420, plannedMinutes: 420 },
      });
    }
    // Evaluated again (a late event), nothing more is issued.
    await database.db.insert(certificateJobs).values({ enrolmentId: enrolment.id });
    await drain();
    expect(
      await database.db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)),
    ).toHaveLength(2);
  });

  it("says which rule is missing and by how much, and issues only the attendance certificate", async () => {
    const { enrolment } = await finishedLearner(1, 4, 3);
    const evaluation = await evaluateEnrolment(database.db, { enrolmentId: enrolment.id, now: new Date() });
    // 9:00-13:00: the morning's 3 h 30, of the 5 h 36 required (80 % of 7 h).
    expect(evaluation!.status.outcomes.filter((o) => !o.isMet)).toEqual([
      {
        rule: "attendance",
        isMet: false,
        attendedMs: 3.5 * hour,
        requiredMs: 5.6 * hour,
        plannedMs: 7 * hour,
      },
    ]);
    await drain();
    const issued = await database.db
      .select()
      .from(certificates)
      .where(eq(certificates.enrolmentId, enrolment.id));
    expect(issued.map((c) => c.kind)).toEqual(["attendance"]);
    // What the learner reads on asking; another learner asking is told it does not exist.
    const mine = await getMyCompletionStatus(database.db, {
      learnerId: enrolment.learnerId,
      enrolmentId: enrolment.id,
      now: new Date(),
    });
    expect(mine.outcomes.filter((o) => !o.isMet).map((o) => o.rule)).toEqual(["attendance"]);
    const other = { learnerId: world.learners[0]!.id, enrolmentId: enrolment.id, now: new Date() };
    await expect(getMyCompletionStatus(database.db, other)).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps the job and writes nothing while the time-stamp authority is down", async () => {
    const { enrolment } = await finishedLearner(2, 8, 4);
    const down: IssuanceDeps = {
      ...deps,
      makeDocument: (facts) =>
        makeSignedDocument(
          { ...setupOf(pki), timestamper: { stamp: () => Promise.reject(new Error("TSA injoignable")) } },
          facts,
          "https://tremplin.test",
        ),
    };
    await drain(down);
    expect(
      await database.db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)),
    ).toEqual([]);
    const [job] = await database.db
      .select()
      .from(certificateJobs)
      .where(eq(certificateJobs.enrolmentId, enrolment.id));
    expect(job?.lastError).toContain("TSA injoignable");
    expect(job!.notBefore!.getTime()).toBeGreaterThan(Date.now());
    // What the metrics report to whoever watches the portal.
    expect(await certificateQueueState(database.db)).toMatchObject({ waiting: 1, failing: 1 });
    // Back up: the job runs once its delay has passed.
    await database.db
      .update(certificateJobs)
      .set({ notBefore: null })
      .where(eq(certificateJobs.enrolmentId, enrolment.id));
    await drain();
    expect(
      await database.db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)),
    ).toHaveLength(2);
  });
});

describe("after issuance", () => {
  it("revokes with a reason, reissues superseding the old one, and the public page says so", async () => {
    const { enrolment } = await finishedLearner(3, 8, 5);
    await drain();
    const [completion] = await database.db
      .select()
      .from(certificates)
      .where(eq(certificates.enrolmentId, enrolment.id))
      .then((rows) => rows.filter((c) => c.kind === "completion"));
    const actor = {
      id: world.it.id,
      name: world.it.displayName,
      username: world.it.username,
      roles: world.it.roles,
    };
    const reissued = await reissueCertificate(database.db, deps, {
      actor,
      code: completion!.code,
      body: { reason: "Nom de la stagiaire corrigé" },
      now: new Date(),
    });
    expect(reissued.supersedes).toBe(completion!.code);
    const old = await findPublicCertificate(database.db, completion!.code);
    expect(old).toMatchObject({ status: "superseded", supersededByCode: reissued.code });
    await expect(
      revokeCertificate(database.db, deps, {
        actor,
        code: completion!.code,
        body: { reason: "doublon" },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    await revokeCertificate(database.db, deps, {
      actor,
      code: reissued.code,
      body: { reason: "Fraude constatée à l'émargement" },
      now: new Date(),
    });
    expect(await findPublicCertificate(database.db, reissued.code)).toMatchObject({
      status: "revoked",
      revokedReason: "Fraude constatée à l'émargement",
    });
    // A revoked certificate is not issued again by the next event: that is a person's decision.
    await database.db.insert(certificateJobs).values({ enrolmentId: enrolment.id });
    await drain();
    const kinds = await database.db
      .select()
      .from(certificates)
      .where(eq(certificates.enrolmentId, enrolment.id));
    expect(
      kinds
        .filter((c) => c.kind === "completion")
        .map((c) => c.status)
        .sort(),
    ).toEqual(["revoked", "superseded"]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityType, "certificate"));
    expect(audit.map((a) => a.action).sort()).toEqual(["certificate.reissued", "certificate.revoked"]);
    const entries = (await readEntries(database.db, 0, await vaultSize(database.db))).map(decodeEntry);
    expect(entries.find((e) => e.code === reissued.code && e.kind === "reissued")).toMatchObject({
      refersTo: completion!.code,
      reason: "Nom de la stagiaire corrigé",
    });
    expect(entries.find((e) => e.code === reissued.code && e.kind === "revoked")).toBeDefined();
    // The vault names no one: the learner is a pseudonym.
    expect(JSON.stringify(entries)).not.toContain(enrolment.learnerId);
  });

  it("refuses a short reason and a learner's own hand", async () => {
    const { enrolment, learner } = await finishedLearner(4, 8, 6);
    await drain();
    const [c] = await database.db
      .select()
      .from(certificates)
      .where(eq(certificates.enrolmentId, enrolment.id));
    const self = {
      id: learner.id,
      name: learner.displayName,
      username: learner.username,
      roles: learner.roles,
    };
    await expect(
      revokeCertificate(database.db, deps, {
        actor: self,
        code: c!.code,
        body: { reason: "je n'en veux plus" },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const actor = {
      id: world.it.id,
      name: world.it.displayName,
      username: world.it.username,
      roles: world.it.roles,
    };
    await expect(
      revokeCertificate(database.db, deps, { actor, code: c!.code, body: { reason: "x" }, now: new Date() }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(await findPublicCertificate(database.db, "TRM-0000-0000-00")).toEqual({ status: "unknown" });
    expect(await findPublicCertificate(database.db, "pas un code")).toEqual({ status: "unknown" });
  });

  it("purges at the end of the legal clock, unless held, keeping hash and vault entry", async () => {
    const { enrolment } = await finishedLearner(5, 8, 7);
    await drain();
    const rows = await database.db
      .select()
      .from(certificates)
      .where(eq(certificates.enrolmentId, enrolment.id));
    await database.db
      .update(certificates)
      .set({ retainUntil: "2020-01-01" })
      .where(eq(certificates.enrolmentId, enrolment.id));
    await database.db.update(certificates).set({ legalHold: true }).where(eq(certificates.id, rows[0]!.id));
    const purged = await purgeExpiredCertificates(database.db, deps, { now: new Date() });
    expect(purged).toEqual([rows[1]!.code]);
    expect(await store.get(rows[1]!.blobKey!)).toBeUndefined();
    expect(await store.get(rows[0]!.blobKey!)).toBeDefined();
    expect(await findPublicCertificate(database.db, rows[1]!.code)).toMatchObject({
      status: "purged",
      facts: null,
      pdfSha256: rows[1]!.pdfSha256,
    });
  });

  it("finds certificates for auditors, and a legal hold set by IT stops the purge", async () => {
    const { enrolment, learner } = await finishedLearner(5, 8, 11);
    await drain();
    const found = await findCertificates(database.db, { q: learner.displayName.split(" ")[1] });
    const mine = found.results.filter((r) => r.learnerName === learner.displayName);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect((await findCertificates(database.db, { q: "%" })).results).toEqual([]);
    await expect(findCertificates(database.db, { q: "x".repeat(101) })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const [c] = await database.db
      .select()
      .from(certificates)
      .where(eq(certificates.enrolmentId, enrolment.id));
    const it = {
      id: world.it.id,
      name: world.it.displayName,
      username: world.it.username,
      roles: world.it.roles,
    };
    const trainer = {
      id: world.trainer.id,
      name: world.trainer.displayName,
      username: world.trainer.username,
      roles: world.trainer.roles,
    };
    const fields = { code: c!.code, hold: "on", reason: "Contrôle du financeur en cours" };
    await expect(
      setCertificateLegalHold(database.db, { actor: trainer, fields, now: new Date() }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await setCertificateLegalHold(database.db, { actor: it, fields, now: new Date() });
    await database.db
      .update(certificates)
      .set({ retainUntil: "2020-01-01" })
      .where(eq(certificates.id, c!.id));
    expect(await purgeExpiredCertificates(database.db, deps, { now: new Date() })).not.toContain(c!.code);
  });

  it("purges a session's attendance evidence once its training's retention has run out, unless held", async () => {
    const old = await finishedLearner(0, 8, 4 * 366);
    const held = await finishedLearner(1, 8, 4 * 366 + 1);
    await drain();
    await database.db
      .update(certificates)
      .set({ legalHold: true })
      .where(eq(certificates.enrolmentId, held.enrolment.id));
    const recent = await finishedLearner(2, 8, 400);
    const purged = await purgeExpiredAttendance(database.db, { now: new Date() });
    expect(purged).toContain(old.session.id);
    expect(purged).not.toContain(held.session.id);
    expect(purged).not.toContain(recent.session.id);
    const left = (id: string) =>
      database.db.select().from(attendanceRecords).where(eq(attendanceRecords.sessionId, id));
    expect(await left(old.session.id)).toEqual([]);
    expect(await left(held.session.id)).toHaveLength(1);
    expect(await left(recent.session.id)).toHaveLength(1);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, old.session.id));
    expect(audit.map((a) => a.action)).toEqual(["attendance.purged"]);
  });

  it("lets IT change a training's rules: bad fields named, the change audited, issued certificates standing", async () => {
    const it = {
      id: world.it.id,
      name: world.it.displayName,
      username: world.it.username,
      roles: world.it.roles,
    };
    const fields = {
      minAttendancePercent: "80",
      minAttendedHours: "abc",
      passingScorePercent: "70",
      maxAttempts: "",
      actionNature: "Action de formation",
      funder: "",
      evidenceRetentionYears: "2",
    };
    const refused = updateCompletionRules(database.db, {
      actor: it,
      trainingId: world.basics.id,
      fields,
      now: new Date(),
    });
    await expect(refused).rejects.toMatchObject({ code: "invalid_input" });
    const issues = await refused.catch((e: { issues: { path: string }[] }) => e.issues.map((i) => i.path));
    expect(issues).toEqual(["minAttendedHours", "evidenceRetentionYears"]);
    const before = await database.db.select().from(certificates);
    await updateCompletionRules(database.db, {
      actor: it,
      trainingId: world.basics.id,
      fields: { ...fields, minAttendedHours: "7,5", evidenceRetentionYears: "10", funder: "FSE+" },
      now: new Date(),
    });
    const rules = await getCompletionRules(database.db, world.basics.id);
    expect(rules).toMatchObject({
      funder: "FSE+",
      evidenceRetentionYears: 10,
      rules: { minAttendedMinutes: 450, maxAttempts: null },
    });
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "training.rules_changed"));
    expect(audit?.details).toMatchObject({
      before: { evidenceRetentionYears: 3 },
      after: { evidenceRetentionYears: 10 },
    });
    expect(await database.db.select().from(certificates)).toEqual(before);
  });
});
