// Test data, one row at a time: each test composes the world it needs from these factories
// (STYLE.md: each test makes its own data, no shared seed). Every default that a unique index
// covers carries a random tag, so tests sharing a database never collide; any column can be set.
import { randomBytes } from "node:crypto";
import type { Db } from "./client";
import {
  enrolments,
  kiosks,
  masters,
  masterVersions,
  organisations,
  rooms,
  sessions,
  sites,
  trainings,
  users,
} from "./schema/index";

/** A short random tag for names that must be unique. */
export const uniqueTag = () => randomBytes(4).toString("hex");

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];
type Over<T extends { $inferInsert: unknown }> = Partial<Insert<T>>;

export async function makeOrganisation(db: Db, over: Over<typeof organisations> = {}) {
  const [row] = await db
    .insert(organisations)
    .values({ name: `Région ${uniqueTag()}`, kind: "region", ...over })
    .returning();
  return row!;
}

export async function makeSite(db: Db, over: Over<typeof sites> & { organisationId: string }) {
  const [row] = await db
    .insert(sites)
    .values({ name: `Maison de région ${uniqueTag()}`, city: "Albi", ...over })
    .returning();
  return row!;
}

export async function makeRoom(db: Db, over: Over<typeof rooms> & { siteId: string }) {
  const [row] = await db
    .insert(rooms)
    .values({ name: `Salle ${uniqueTag()}`, capacity: 4, ...over })
    .returning();
  return row!;
}

export async function makeKiosk(db: Db, over: Over<typeof kiosks> & { roomId: string }) {
  const [row] = await db
    .insert(kiosks)
    .values({ label: `P-${uniqueTag()}`, ...over })
    .returning();
  return row!;
}

/** A local account with the learner role unless told otherwise. */
export async function makeUser(db: Db, over: Over<typeof users> = {}) {
  const [row] = await db
    .insert(users)
    .values({
      source: "local",
      username: `u.${uniqueTag()}`,
      displayName: "Stagiaire Test",
      roles: ["learner"],
      ...over,
    })
    .returning();
  return row!;
}

/** Several accounts in one statement, returned in the order given (each with `makeUser`'s defaults). */
export async function makeUsers(db: Db, list: Over<typeof users>[]) {
  if (list.length === 0) return [];
  const values = list.map((over) => ({
    source: "local" as const,
    username: `u.${uniqueTag()}`,
    displayName: "Stagiaire Test",
    roles: ["learner"],
    ...over,
  }));
  const rows = await db.insert(users).values(values).returning();
  const byUsername = new Map(rows.map((r) => [r.username, r]));
  return values.map((v) => byUsername.get(v.username)!);
}

export async function makeTraining(db: Db, over: Over<typeof trainings> & { organisationId: string }) {
  const [row] = await db
    .insert(trainings)
    .values({
      code: `T-${uniqueTag()}`,
      title: "Excel avancé",
      domain: "Bureautique",
      summary: "…",
      durationHours: 7,
      modality: "onsite",
      rules: {},
      ...over,
    })
    .returning();
  return row!;
}

/** A master and one version of it. */
export async function makeMasterVersion(db: Db, over: { name?: string; version?: string } = {}) {
  const [master] = await db
    .insert(masters)
    .values({ name: over.name ?? `win-${uniqueTag()}`, os: "windows", description: "test" })
    .returning();
  const [version] = await db
    .insert(masterVersions)
    .values({ masterId: master!.id, version: over.version ?? "1.0", sizeBytes: 1 })
    .returning();
  return { master: master!, version: version! };
}

export async function makeSession(
  db: Db,
  over: Over<typeof sessions> & { trainingId: string; startsAt: Date; endsAt: Date },
) {
  const [row] = await db
    .insert(sessions)
    .values({ capacity: 4, ...over })
    .returning();
  return row!;
}

/** Enrols (or waitlists) learners in a training, in a session or self-paced (`sessionId` null). */
export async function enrol(
  db: Db,
  input: {
    learnerIds: string[];
    trainingId: string;
    sessionId: string | null;
    status?: "enrolled" | "waitlisted" | "completed" | "cancelled";
    waitlistedAt?: Date | null;
  },
) {
  if (input.learnerIds.length === 0) return [];
  const status = input.status ?? "enrolled";
  return db
    .insert(enrolments)
    .values(
      input.learnerIds.map((learnerId) => ({
        learnerId,
        trainingId: input.trainingId,
        sessionId: input.sessionId,
        status,
        ...(input.waitlistedAt !== undefined ? { waitlistedAt: input.waitlistedAt } : {}),
      })),
    )
    .returning();
}
