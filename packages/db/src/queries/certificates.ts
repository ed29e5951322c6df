import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  assessmentAttempts,
  certificateJobs,
  certificates,
  enrolments,
  modules,
  organisations,
  progress,
  rooms,
  sessions,
  sites,
  trainings,
  users,
} from "../schema/index";

/**
 * Everything the completion rules and the certificate read about one enrolment, or undefined
 * when it does not exist. Modules come with the learner's status and best retained score.
 */
export async function findCertificationFacts(db: Db, enrolmentId: string) {
  const [row] = await db
    .select({
      enrolmentId: enrolments.id,
      enrolmentStatus: enrolments.status,
      learnerId: users.id,
      learnerName: users.displayName,
      trainingId: trainings.id,
      trainingCode: trainings.code,
      trainingTitle: trainings.title,
      actionNature: trainings.actionNature,
      modality: trainings.modality,
      durationHours: trainings.durationHours,
      objectives: trainings.objectives,
      rules: trainings.rules,
      retentionYears: trainings.evidenceRetentionYears,
      funder: trainings.funder,
      organisation: {
        id: organisations.id,
        name: organisations.name,
        legalName: organisations.legalName,
        activityNumber: organisations.activityNumber,
        siret: organisations.siret,
        address: organisations.address,
        signatoryName: organisations.signatoryName,
        signatoryRole: organisations.signatoryRole,
      },
      sessionId: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      sessionCancelledAt: sessions.cancelledAt,
      roomName: rooms.name,
      siteName: sites.name,
      siteCity: sites.city,
      timezone: sites.timezone,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.learnerId))
    .innerJoin(trainings, eq(trainings.id, enrolments.trainingId))
    .innerJoin(organisations, eq(organisations.id, trainings.organisationId))
    .leftJoin(sessions, eq(sessions.id, enrolments.sessionId))
    .leftJoin(rooms, eq(rooms.id, sessions.roomId))
    .leftJoin(sites, eq(sites.id, rooms.siteId))
    .where(eq(enrolments.id, enrolmentId));
  if (!row) return undefined;
  const best = db
    .select({
      moduleId: assessmentAttempts.moduleId,
      score: sql<number>`max(${assessmentAttempts.scorePercent})`.as("score"),
    })
    .from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.learnerId, row.learnerId), eq(assessmentAttempts.isRetained, true)))
    .groupBy(assessmentAttempts.moduleId)
    .as("best");
  const moduleRows = await db
    .select({
      id: modules.id,
      title: modules.title,
      kind: modules.kind,
      isRequired: modules.isRequired,
      status: progress.status,
      scoreRaw: progress.scoreRaw,
      activeSeconds: progress.activeSeconds,
      bestScorePercent: best.score,
    })
    .from(modules)
    .leftJoin(progress, and(eq(progress.moduleId, modules.id), eq(progress.learnerId, row.learnerId)))
    .leftJoin(best, eq(best.moduleId, modules.id))
    .where(eq(modules.trainingId, row.trainingId))
    .orderBy(asc(modules.position));
  return { ...row, modules: moduleRows };
}
export type CertificationFacts = NonNullable<Awaited<ReturnType<typeof findCertificationFacts>>>;

export type CertificateRow = typeof certificates.$inferSelect;
export type NewCertificate = typeof certificates.$inferInsert;

export async function insertCertificate(tx: Db, values: NewCertificate): Promise<CertificateRow> {
  const [row] = await tx.insert(certificates).values(values).returning();
  return row!;
}

export async function setCertificateLeafIndex(tx: Db, id: string, leafIndex: number) {
  await tx.update(certificates).set({ vaultLeafIndex: leafIndex }).where(eq(certificates.id, id));
}

/** A certificate by its public code, with what the verification page shows of its issuer. */
export async function findCertificateByCode(db: Db, code: string) {
  const [row] = await db
    .select({
      certificate: certificates,
      organisationName: organisations.name,
      legalName: organisations.legalName,
    })
    .from(certificates)
    .innerJoin(trainings, eq(trainings.id, certificates.trainingId))
    .innerJoin(organisations, eq(organisations.id, trainings.organisationId))
    .where(eq(certificates.code, code));
  return row;
}

export async function findCertificateById(db: Db, id: string) {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id));
  return row;
}

/** A learner's certificates, newest first. */
export function listLearnerCertificates(db: Db, learnerId: string) {
  return db
    .select()
    .from(certificates)
    .where(eq(certificates.learnerId, learnerId))
    .orderBy(desc(certificates.issuedAt));
}

/** A session's certificates, with the learner's name, for trainers and IT. */
export function listSessionCertificates(db: Db, sessionId: string) {
  return db
    .select({ certificate: certificates, learnerName: users.displayName })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.learnerId))
    .where(eq(certificates.sessionId, sessionId))
    .orderBy(asc(users.displayName), desc(certificates.issuedAt));
}

/** Ends a certificate's force (revoked or superseded); false when it was no longer in force. */
export async function endCertificate(
  tx: Db,
  input: {
    id: string;
    status: "revoked" | "superseded";
    at: Date;
    reason: string;
    by: string | null;
    supersededBy?: string;
  },
): Promise<boolean> {
  const changed = await tx
    .update(certificates)
    .set({
      status: input.status,
      revokedAt: input.at,
      revokedReason: input.reason,
      revokedBy: input.by,
      supersededBy: input.supersededBy ?? null,
    })
    .where(and(eq(certificates.id, input.id), eq(certificates.status, "issued")))
    .returning({ id: certificates.id });
  return changed.length === 1;
}

/** Asks for the enrolments to be evaluated again (on demand: a button, a sweep, a demo seed). */
export async function requestCertificateJobs(db: Db, enrolmentIds: string[], now: Date) {
  if (enrolmentIds.length === 0) return;
  await db
    .insert(certificateJobs)
    .values(enrolmentIds.map((enrolmentId) => ({ enrolmentId, requestedAt: now })))
    .onConflictDoUpdate({ target: certificateJobs.enrolmentId, set: { requestedAt: now } });
}

/**
 * Takes up to `limit` jobs nobody holds and whose delay has passed, for `leaseMs`; several
 * instances never take the same (`skip locked`). Each comes with the `requestedAt` it was taken
 * at, which `finishCertificateJob` compares: an event arrived meanwhile keeps the job.
 */
export async function claimCertificateJobs(db: Db, input: { now: Date; limit: number; leaseMs: number }) {
  const now = input.now;
  return db.transaction(async (tx) => {
    const picked = await tx
      .select({ enrolmentId: certificateJobs.enrolmentId })
      .from(certificateJobs)
      .where(
        and(
          or(isNull(certificateJobs.claimedUntil), lt(certificateJobs.claimedUntil, now)),
          or(isNull(certificateJobs.notBefore), lt(certificateJobs.notBefore, now)),
        ),
      )
      .orderBy(asc(certificateJobs.requestedAt))
      .limit(input.limit)
      .for("update", { skipLocked: true });
    if (picked.length === 0) return [];
    return tx
      .update(certificateJobs)
      .set({
        claimedUntil: new Date(now.getTime() + input.leaseMs),
        attempts: sql`${certificateJobs.attempts} + 1`,
      })
      .where(
        inArray(
          certificateJobs.enrolmentId,
          picked.map((p) => p.enrolmentId),
        ),
      )
      .returning({
        enrolmentId: certificateJobs.enrolmentId,
        // As text: the column keeps microseconds, a Date only milliseconds.
        requestedAt: sql<string>`${certificateJobs.requestedAt}::text`,
        attempts: certificateJobs.attempts,
      });
  });
}
export type CertificateJob = Awaited<ReturnType<typeof claimCertificateJobs>>[number];

/** Done: deleted, unless asked for again since it was taken (then released to run once more). */
export async function finishCertificateJob(db: Db, job: CertificateJob) {
  const deleted = await db
    .delete(certificateJobs)
    .where(
      and(
        eq(certificateJobs.enrolmentId, job.enrolmentId),
        sql`${certificateJobs.requestedAt} = ${job.requestedAt}::timestamptz`,
      ),
    )
    .returning({ id: certificateJobs.enrolmentId });
  if (deleted.length === 0) {
    await db
      .update(certificateJobs)
      .set({ claimedUntil: null, attempts: 0, lastError: null })
      .where(eq(certificateJobs.enrolmentId, job.enrolmentId));
  }
}

/** Not done (a time-stamp authority down): kept, taken again after `notBefore`. */
export async function deferCertificateJob(
  db: Db,
  job: CertificateJob,
  input: { notBefore: Date; error: string },
) {
  await db
    .update(certificateJobs)
    .set({ claimedUntil: null, notBefore: input.notBefore, lastError: input.error.slice(0, 500) })
    .where(eq(certificateJobs.enrolmentId, job.enrolmentId));
}

/** Jobs waiting, and the oldest's age: the fleet page and metrics watch the queue. */
export async function certificateQueueState(db: Db) {
  const [row] = await db
    .select({
      waiting: sql<number>`count(*)::int`,
      failing: sql<number>`(count(*) filter (where ${certificateJobs.lastError} is not null))::int`,
      oldest: sql<string | null>`min(${certificateJobs.requestedAt})::text`,
    })
    .from(certificateJobs);
  return {
    waiting: row?.waiting ?? 0,
    failing: row?.failing ?? 0,
    oldest: row?.oldest ? new Date(row.oldest) : null,
  };
}

/**
 * Asks for the evaluation of every live enrolment of the sessions that ended in `(since, now]`
 * and hold no attendance certificate: a session's end is an event no row records.
 */
export async function requestJobsForEndedSessions(db: Db, input: { since: Date; now: Date }) {
  await db.execute(sql`
    insert into certificate_jobs (enrolment_id, requested_at)
    select e.id, ${input.now.toISOString()}::timestamptz from sessions s
    join enrolments e on e.session_id = s.id and e.status in ('enrolled', 'completed')
    where s.ends_at > ${input.since.toISOString()} and s.ends_at <= ${input.now.toISOString()}
      and s.cancelled_at is null
      and not exists (select 1 from certificates c where c.enrolment_id = e.id and c.kind = 'attendance')
    on conflict (enrolment_id) do nothing`);
}

/** Certificates whose legal clock ran out by `today` (`YYYY-MM-DD`), not held, not yet purged. */
export function listExpiredCertificates(db: Db, input: { today: string; limit: number }) {
  return db
    .select()
    .from(certificates)
    .where(
      and(
        isNull(certificates.purgedAt),
        eq(certificates.legalHold, false),
        lt(certificates.retainUntil, input.today),
      ),
    )
    .orderBy(asc(certificates.retainUntil))
    .limit(input.limit);
}

/** Forgets what a certificate said: its facts and document go, its hash and vault entries stay. */
export async function markCertificatePurged(tx: Db, input: { id: string; at: Date }): Promise<boolean> {
  const changed = await tx
    .update(certificates)
    .set({ purgedAt: input.at, status: "purged", facts: {}, blobKey: null })
    .where(
      and(eq(certificates.id, input.id), isNull(certificates.purgedAt), eq(certificates.legalHold, false)),
    )
    .returning({ id: certificates.id });
  return changed.length === 1;
}

export async function setLegalHold(tx: Db, input: { id: string; hold: boolean }) {
  await tx.update(certificates).set({ legalHold: input.hold }).where(eq(certificates.id, input.id));
}

/** The certificate whose signed PDF has this SHA-256 (hex), if we issued it. */
export async function findCertificateByPdfSha256(db: Db, pdfSha256: string) {
  const [row] = await db.select().from(certificates).where(eq(certificates.pdfSha256, pdfSha256));
  return row;
}

/** The vault indices of the certificates no longer in force: the credentials' status list. */
export async function listEndedStatusIndices(db: Db): Promise<number[]> {
  const rows = await db
    .select({ index: certificates.vaultLeafIndex })
    .from(certificates)
    .where(
      and(inArray(certificates.status, ["revoked", "superseded"]), isNotNull(certificates.vaultLeafIndex)),
    );
  return rows.map((r) => r.index!);
}

/**
 * Certificates matching a code, a learner's name or a training (title or code), newest first:
 * what an auditor looks for. `query` is matched case-insensitively anywhere in those fields.
 */
export async function searchCertificates(
  db: Db,
  input: {
    query: string | undefined;
    status: (typeof certificates.$inferSelect)["status"] | undefined;
    limit: number;
  },
) {
  const like = input.query ? `%${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select({
      certificate: certificates,
      learnerName: users.displayName,
      trainingTitle: trainings.title,
      trainingCode: trainings.code,
    })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.learnerId))
    .innerJoin(trainings, eq(trainings.id, certificates.trainingId))
    .where(
      and(
        like
          ? or(
              ilike(certificates.code, like),
              ilike(users.displayName, like),
              ilike(trainings.title, like),
              ilike(trainings.code, like),
            )
          : undefined,
        input.status ? eq(certificates.status, input.status) : undefined,
      ),
    )
    .orderBy(desc(certificates.issuedAt))
    .limit(input.limit);
}
