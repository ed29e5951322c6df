import { hash } from "@node-rs/argon2";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  attendanceRecords,
  enrolments,
  kiosks,
  masters,
  masterVersions,
  modules,
  organisations,
  progress,
  rooms,
  sessions,
  sites,
  trainings,
  users,
} from "../schema/index";
import { planDemoCompletions } from "./demo-completions";
import { demoId } from "./demo-ids";
import { demoMasters } from "./demo-masters";
import { demoPeople } from "./demo-people";
import { demoOrganisation, demoRooms, demoSites, demoTimezone, kioskLabel } from "./demo-places";
import { planDemoWeek } from "./demo-schedule";
import { demoRules, demoTrainings } from "./demo-trainings";

export { issueDemoKioskCode } from "./demo-kiosk-code";
export { demoKioskMaster, demoMasters } from "./demo-masters";
export {
  type DemoPerson,
  demoAccounts,
  demoPassword,
  demoPeople,
  demoTrainees,
  demoTrainers,
} from "./demo-people";
export { demoKioskLabel, demoRoomCode, demoSites } from "./demo-places";
export { demoTrainings } from "./demo-trainings";

export type SeedOptions = {
  now: Date;
  /** No directory to sign in against: accounts become `local` with an argon2 hash of the demo password. */
  localPasswords: boolean;
};

/** Rows this run inserted, per table: all zeros on a second run. */
export type SeedReport = Record<
  | "sites"
  | "rooms"
  | "kiosks"
  | "users"
  | "trainings"
  | "modules"
  | "masters"
  | "sessions"
  | "enrolments"
  | "attendanceRecords"
  | "progress",
  number
>;

export const demoOrganisationId = demoId("organisation");

/**
 * Seeds the demo region, its people, catalogue and the week around `now`, in one transaction.
 * Idempotent: rows carry ids derived from natural keys and are inserted with `on conflict do
 * nothing`, so a second run changes nothing and a run on a later day only adds the new days.
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedReport> {
  const hashes = options.localPasswords ? await passwordHashes(db) : new Map<string, string>();
  return db.transaction(async (tx) => {
    await tx
      .insert(organisations)
      .values({ id: demoOrganisationId, ...demoOrganisation })
      .onConflictDoNothing();
    const report = { ...(await seedPlaces(tx)) } as SeedReport;
    const userIds = await seedUsers(tx, options.localPasswords, hashes, report);
    const versionIds = await seedMasters(tx, report);
    await seedCatalogue(tx, report);
    await seedWeek(tx, options.now, { userIds, versionIds }, report);
    return report;
  });
}

async function seedPlaces(tx: Db) {
  const siteRows = demoSites.map((s) => ({
    id: demoId(`site:${s.code}`),
    organisationId: demoOrganisationId,
    name: s.name,
    city: s.city,
    timezone: demoTimezone,
    wanCapMbps: s.wanCapMbps,
  }));
  const roomRows = demoRooms.map((r) => ({
    id: demoId(`room:${r.code}`),
    siteId: demoId(`site:${r.site.code}`),
    name: r.name,
    capacity: r.posts,
  }));
  const kioskRows = demoRooms.flatMap((r) =>
    Array.from({ length: r.posts }, (_, i) => {
      const label = kioskLabel(r.code, i + 1);
      return { id: demoId(`kiosk:${label}`), roomId: demoId(`room:${r.code}`), label };
    }),
  );
  return {
    sites: await insertCount(tx, sites, siteRows),
    rooms: await insertCount(tx, rooms, roomRows),
    kiosks: await insertCount(tx, kiosks, kioskRows),
  };
}

/** Hashes only for the accounts that need one (new, or demo ones without): argon2 is slow on purpose. */
async function passwordHashes(db: Db): Promise<Map<string, string>> {
  const names = demoPeople.map((p) => p.username);
  const existing = await db
    .select({ username: users.username, hasHash: sql<boolean>`${users.passwordHash} is not null` })
    .from(users)
    .where(inArray(sql`lower(${users.username})`, names));
  const have = new Set(existing.filter((r) => r.hasHash).map((r) => r.username.toLowerCase()));
  const missing = demoPeople.filter((p) => !have.has(p.username));
  const hashed = await Promise.all(missing.map(async (p) => [p.username, await hash(p.password)] as const));
  return new Map(hashed);
}

async function seedUsers(tx: Db, local: boolean, hashes: Map<string, string>, report: SeedReport) {
  const rows = demoPeople.map((p) => ({
    id: demoId(`user:${p.username}`),
    source: local ? ("local" as const) : ("directory" as const),
    username: p.username,
    email: p.email,
    displayName: p.displayName,
    roles: p.roles,
    passwordHash: local ? (hashes.get(p.username) ?? null) : null,
  }));
  report.users = await insertCount(tx, users, rows);
  await alignDemoAccounts(tx, local, hashes);
  // An account may predate the seed (signed in from the directory first): use whatever id it has.
  const found = await tx
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(
      inArray(
        sql`lower(${users.username})`,
        rows.map((r) => r.username),
      ),
    );
  return new Map(found.map((r) => [r.username.toLowerCase(), r.id]));
}

/**
 * A demo seeded once without Samba (local accounts) and later with it, or the reverse: the demo
 * accounts follow the current mode, or nobody could sign in. Accounts not made by the seed, and
 * demo accounts already in the right mode, are left alone.
 */
async function alignDemoAccounts(tx: Db, local: boolean, hashes: Map<string, string>) {
  const ids = demoPeople.map((p) => demoId(`user:${p.username}`));
  if (!local) {
    await tx
      .update(users)
      .set({ source: "directory", passwordHash: null })
      .where(and(inArray(users.id, ids), eq(users.source, "local")));
    return;
  }
  for (const [username, passwordHash] of hashes) {
    await tx
      .update(users)
      .set({ source: "local", passwordHash })
      .where(and(eq(users.id, demoId(`user:${username}`)), sql`${users.passwordHash} is null`));
  }
}

async function seedMasters(tx: Db, report: SeedReport) {
  report.masters = await insertCount(
    tx,
    masters,
    demoMasters.map((m) => ({
      id: demoId(`master:${m.name}`),
      name: m.name,
      os: m.os,
      description: m.description,
    })),
  );
  const masterRows = await tx
    .select({ id: masters.id, name: masters.name })
    .from(masters)
    .where(
      inArray(
        masters.name,
        demoMasters.map((m) => m.name),
      ),
    );
  const masterIds = new Map(masterRows.map((r) => [r.name, r.id]));
  await tx
    .insert(masterVersions)
    .values(
      demoMasters.map((m) => ({
        id: demoId(`master-version:${m.name}:${m.version}`),
        masterId: masterIds.get(m.name)!,
        version: m.version,
        sizeBytes: m.sizeBytes,
      })),
    )
    .onConflictDoNothing();
  const versionIds = new Map<string, string>();
  for (const m of demoMasters) {
    const [row] = await tx
      .select({ id: masterVersions.id })
      .from(masterVersions)
      .where(and(eq(masterVersions.masterId, masterIds.get(m.name)!), eq(masterVersions.version, m.version)));
    versionIds.set(`${m.name}@${m.version}`, row!.id);
  }
  return versionIds;
}

async function seedCatalogue(tx: Db, report: SeedReport) {
  report.trainings = await insertCount(
    tx,
    trainings,
    demoTrainings.map((t) => ({
      id: demoId(`training:${t.code}`),
      organisationId: demoOrganisationId,
      code: t.code,
      title: t.title,
      domain: t.domain,
      summary: t.summary,
      objectives: t.objectives,
      durationHours: t.durationHours,
      modality: t.modality,
      prerequisiteCodes: t.prerequisiteCodes,
      rules: demoRules,
    })),
  );
  report.modules = await insertCount(
    tx,
    modules,
    demoTrainings.flatMap((t) =>
      t.modules.map((m, i) => ({
        id: demoId(`module:${t.code}:${i + 1}`),
        trainingId: demoId(`training:${t.code}`),
        position: i + 1,
        title: m.title,
        kind: m.kind,
        durationMinutes: m.minutes,
        content: m.content,
      })),
    ),
  );
}

async function seedWeek(
  tx: Db,
  now: Date,
  refs: { userIds: Map<string, string>; versionIds: Map<string, string> },
  report: SeedReport,
) {
  const plan = planDemoWeek(now);
  const sessionRows = plan.map((s) => ({
    id: demoId(`session:${s.key}`),
    trainingId: demoId(`training:${s.trainingCode}`),
    roomId: s.roomCode ? demoId(`room:${s.roomCode}`) : null,
    trainerId: refs.userIds.get(s.trainerUsername)!,
    masterVersionId: s.master ? refs.versionIds.get(`${s.master.name}@${s.master.version}`)! : null,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    capacity: s.capacity,
  }));
  report.sessions = await insertCount(tx, sessions, sessionRows);
  const enrolmentRows = plan.flatMap((s) =>
    s.enrolments.map((e, i) => ({
      id: demoId(`enrolment:${s.key}:${e.username}`),
      learnerId: refs.userIds.get(e.username)!,
      trainingId: demoId(`training:${s.trainingCode}`),
      sessionId: demoId(`session:${s.key}`),
      status: e.status,
      // Keeps the waiting list's order: the first in line is promoted first.
      waitlistedAt:
        e.status === "waitlisted" ? new Date(s.startsAt.getTime() - 7 * 86_400_000 + i * 60_000) : null,
    })),
  );
  report.enrolments = await insertCount(tx, enrolments, enrolmentRows);
  const done = planDemoCompletions(plan, now, refs.userIds);
  report.attendanceRecords = await insertCount(tx, attendanceRecords, done.attendance);
  report.progress = await insertCount(tx, progress, done.progress);
}

// biome-ignore lint/suspicious/noExplicitAny: one helper for every demo table
async function insertCount(tx: Db, table: any, rows: Record<string, unknown>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await tx.insert(table).values(rows).onConflictDoNothing().returning({ id: table.id });
  return inserted.length;
}
