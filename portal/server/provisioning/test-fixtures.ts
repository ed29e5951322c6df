// Test data for the provisioning tests: each test builds its own world in its own database.
import type { Db } from "@tremplin/db/client";
import {
  enrol,
  makeOrganisation,
  makeRoom,
  makeSession,
  makeSite,
  makeTraining,
  makeUser,
  makeUsers,
  uniqueTag,
} from "@tremplin/db/factories";
import { enrolments, type sessions, type users } from "@tremplin/db/schema";
import { and, eq } from "drizzle-orm";
import { actorOf } from "@/server/testing/actors";

const day = 86_400_000;

type UserRow = typeof users.$inferSelect;

export type NewTrainee = {
  /** `directory`: known from AD; `local`: no password (enrolled by IT); `external`: e-mail + password. */
  kind?: "directory" | "local" | "external";
  username?: string;
  displayName?: string;
  email?: string | null;
  disabled?: boolean;
};

export async function buildProvisioningWorld(db: Db, now: Date) {
  const tag = uniqueTag();
  const org = await makeOrganisation(db);
  const site = await makeSite(db, {
    organisationId: org.id,
    name: `Maison de région de Rodez ${tag}`,
    city: "Rodez",
  });
  const room = await makeRoom(db, { siteId: site.id, name: "Salle Soulages", capacity: 12 });
  const training = await makeTraining(db, {
    organisationId: org.id,
    code: `WORD-${tag}`,
    title: "Word : courriers et publipostage",
    durationHours: 14,
  });
  const [it, trainer] = await makeUsers(db, [
    { username: `dsi-${tag}`, displayName: "Nadia Dsi", roles: ["it_admin"] },
    { username: `form-${tag}`, displayName: "Paul Formateur", roles: ["trainer"] },
  ]);

  return {
    it: actorOf(it!),
    trainer: actorOf(trainer!),
    /** A session starting `startsInDays` from `now` and lasting `days` days. */
    addSession(startsInDays: number, days = 2, over: Partial<typeof sessions.$inferInsert> = {}) {
      const startsAt = new Date(now.getTime() + startsInDays * day);
      return makeSession(db, {
        trainingId: training.id,
        roomId: room.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + days * day),
        capacity: 12,
        ...over,
      });
    },
    addTrainee(t: NewTrainee = {}) {
      const kind = t.kind ?? "directory";
      const username = t.username ?? `st${uniqueTag()}`;
      return makeUser(db, {
        source: kind === "directory" ? "directory" : "local",
        username,
        displayName: t.displayName ?? `Stagiaire ${username}`,
        email: t.email === undefined ? `${username}@exemple.fr` : t.email,
        // Any hash will do: only its presence marks an external learner.
        passwordHash: kind === "external" ? "$argon2id$v=19$m=19456,t=2,p=1$x$y" : null,
        disabledAt: t.disabled ? now : null,
      });
    },
    async enrol(sessionId: string, people: UserRow[], status: "enrolled" | "waitlisted" = "enrolled") {
      await enrol(db, { learnerIds: people.map((p) => p.id), trainingId: training.id, sessionId, status });
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
