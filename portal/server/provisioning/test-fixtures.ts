// Test data for the provisioning tests: each test builds its own world in its own database.
import { randomBytes } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { enrolments, organisations, rooms, sessions, sites, trainings, users } from "@tremplin/db/schema";
import { and, eq } from "drizzle-orm";
import type { Actor } from "@/server/audit/actor";

const day = 86_400_000;
const hex = (n: number) => randomBytes(n).toString("hex");

type UserRow = typeof users.$inferSelect;
const actorOf = (u: UserRow): Actor => ({
  id: u.id,
  name: u.displayName,
  username: u.username,
  roles: u.roles,
});

export type NewTrainee = {
  /** `directory`: known from AD; `local`: no password (enrolled by IT); `external`: e-mail + password. */
  kind?: "directory" | "local" | "external";
  username?: string;
  displayName?: string;
  email?: string | null;
  disabled?: boolean;
};

export async function buildProvisioningWorld(db: Db, now: Date) {
  const tag = hex(4);
  const [org] = await db
    .insert(organisations)
    .values({ name: `Région ${tag}`, kind: "region" })
    .returning();
  const [site] = await db
    .insert(sites)
    .values({ organisationId: org!.id, name: `Maison de région de Rodez ${tag}`, city: "Rodez" })
    .returning();
  const [room] = await db
    .insert(rooms)
    .values({ siteId: site!.id, name: "Salle Soulages", capacity: 12 })
    .returning();
  const [training] = await db
    .insert(trainings)
    .values({
      organisationId: org!.id,
      code: `WORD-${tag}`,
      title: "Word : courriers et publipostage",
      domain: "Bureautique",
      summary: "…",
      durationHours: 14,
      modality: "onsite",
      rules: {},
    })
    .returning();
  const [it, trainer] = await db
    .insert(users)
    .values([
      { source: "local", username: `dsi-${tag}`, displayName: "Nadia Dsi", roles: ["it_admin"] },
      { source: "local", username: `form-${tag}`, displayName: "Paul Formateur", roles: ["trainer"] },
    ])
    .returning();

  return {
    it: actorOf(it!),
    trainer: actorOf(trainer!),
    /** A session starting `startsInDays` from `now` and lasting `days` days. */
    async addSession(startsInDays: number, days = 2, over: Partial<typeof sessions.$inferInsert> = {}) {
      const startsAt = new Date(now.getTime() + startsInDays * day);
      const [row] = await db
        .insert(sessions)
        .values({
          trainingId: training!.id,
          roomId: room!.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + days * day),
          capacity: 12,
          ...over,
        })
        .returning();
      return row!;
    },
    async addTrainee(t: NewTrainee = {}) {
      const kind = t.kind ?? "directory";
      const username = t.username ?? `st${hex(4)}`;
      const [row] = await db
        .insert(users)
        .values({
          source: kind === "directory" ? "directory" : "local",
          username,
          displayName: t.displayName ?? `Stagiaire ${username}`,
          email: t.email === undefined ? `${username}@exemple.fr` : t.email,
          // Any hash will do: only its presence marks an external learner.
          passwordHash: kind === "external" ? "$argon2id$v=19$m=19456,t=2,p=1$x$y" : null,
          roles: ["learner"],
          disabledAt: t.disabled ? now : null,
        })
        .returning();
      return row!;
    },
    async enrol(sessionId: string, people: UserRow[], status: "enrolled" | "waitlisted" = "enrolled") {
      await db
        .insert(enrolments)
        .values(people.map((p) => ({ learnerId: p.id, sessionId, trainingId: training!.id, status })));
    },
    async cancelEnrolment(sessionId: string, person: UserRow) {
      await db
        .update(enrolments)
        .set({ status: "cancelled" })
        .where(and(eq(enrolments.sessionId, sessionId), eq(enrolments.learnerId, person.id)));
    },
  };
}
export type ProvisioningWorld = Awaited<ReturnType<typeof buildProvisioningWorld>>;
