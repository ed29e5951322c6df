// Test data for the attendance, planning and audit tests: each test file builds its own world.
import { randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import {
  enrolments,
  kiosks,
  mailJobs,
  masters,
  masterVersions,
  organisations,
  rooms,
  sessions,
  sites,
  trainings,
  users,
} from "@tremplin/db/schema";
import { eq } from "drizzle-orm";
import type { Actor } from "@/server/audit/actor";

type UserRow = typeof users.$inferSelect;
const actorOf = (u: UserRow): Actor => ({
  id: u.id,
  name: u.displayName,
  username: u.username,
  roles: u.roles,
});

export async function buildPlanningWorld(db: Db) {
  const tag = randomUUID().slice(0, 8);
  const [org] = await db
    .insert(organisations)
    .values({ name: `Région Occitanie ${tag}`, kind: "region" })
    .returning();
  const [site] = await db
    .insert(sites)
    .values({ organisationId: org!.id, name: `Maison de région d'Albi ${tag}`, city: "Albi" })
    .returning();
  const [roomA, roomB] = await db
    .insert(rooms)
    .values([
      { siteId: site!.id, name: "Salle Jaurès", capacity: 4 },
      { siteId: site!.id, name: "Salle Toulouse-Lautrec", capacity: 8 },
    ])
    .returning();
  const [postA1, postA2] = await db
    .insert(kiosks)
    .values([
      { roomId: roomA!.id, label: `ALB-P01-${tag}` },
      { roomId: roomA!.id, label: `ALB-P02-${tag}` },
    ])
    .returning();
  const people = await db
    .insert(users)
    .values([
      { source: "local", username: `l.andre.${tag}`, displayName: "Léa André", roles: ["learner"] },
      { source: "local", username: `o.benali.${tag}`, displayName: "Omar Benali", roles: ["learner"] },
      { source: "local", username: `c.cazals.${tag}`, displayName: "Chloé Cazals", roles: ["learner"] },
      { source: "local", username: `e.durand.${tag}`, displayName: "Élodie Durand", roles: ["learner"] },
      { source: "local", username: `z.zoe.${tag}`, displayName: "Zoé Œuvrard", roles: ["learner"] },
      { source: "local", username: `f.fabre.${tag}`, displayName: "Isabelle Fabre", roles: ["trainer"] },
      { source: "local", username: `o.marty.${tag}`, displayName: "Olivier Marty", roles: ["trainer"] },
      { source: "local", username: `s.garcia.${tag}`, displayName: "Sophie Garcia", roles: ["it_admin"] },
      { source: "local", username: `m.roussel.${tag}`, displayName: "Martine Roussel", roles: ["auditor"] },
    ])
    .returning();
  const [lea, omar, chloe, elodie, zoe, trainer, otherTrainer, it, auditor] = people;
  const [master] = await db
    .insert(masters)
    .values({ name: `bureautique-${tag}`, os: "windows", description: "Bureautique" })
    .returning();
  const [masterVersion] = await db
    .insert(masterVersions)
    .values({ masterId: master!.id, version: "2026.11", sizeBytes: 1 })
    .returning();
  const [training] = await db
    .insert(trainings)
    .values({
      organisationId: org!.id,
      code: `EXCEL-${tag}`,
      title: "Excel : tableaux croisés dynamiques",
      domain: "Bureautique",
      summary: "…",
      durationHours: 7,
      modality: "onsite",
      rules: {},
    })
    .returning();
  return {
    tag,
    org: org!,
    site: site!,
    roomA: roomA!,
    roomB: roomB!,
    postA1: postA1!,
    postA2: postA2!,
    learners: { lea: lea!, omar: omar!, chloe: chloe!, elodie: elodie!, zoe: zoe! },
    trainerUser: trainer!,
    trainer: actorOf(trainer!),
    otherTrainer: actorOf(otherTrainer!),
    it: actorOf(it!),
    auditor: actorOf(auditor!),
    learnerActor: actorOf(lea!),
    training: training!,
    masterVersion: masterVersion!,
    /** A session of this world's training, in room A with the first trainer unless told otherwise. */
    async addSession(over: Partial<typeof sessions.$inferInsert> & { startsAt: Date; endsAt: Date }) {
      const [row] = await db
        .insert(sessions)
        .values({
          trainingId: training!.id,
          roomId: roomA!.id,
          trainerId: trainer!.id,
          masterVersionId: masterVersion!.id,
          capacity: 4,
          ...over,
        })
        .returning();
      return row!;
    },
    async enrol(sessionId: string, learnerIds: string[], status: "enrolled" | "waitlisted" = "enrolled") {
      if (learnerIds.length === 0) return;
      await db
        .insert(enrolments)
        .values(learnerIds.map((learnerId) => ({ learnerId, sessionId, trainingId: training!.id, status })));
    },
    /** The e-mails queued about a session, oldest first: to whom, saying what. */
    queuedMails(sessionId: string) {
      return db
        .select({ learnerId: enrolments.learnerId, kind: mailJobs.kind })
        .from(mailJobs)
        .innerJoin(enrolments, eq(enrolments.id, mailJobs.enrolmentId))
        .where(eq(enrolments.sessionId, sessionId))
        .orderBy(mailJobs.id);
    },
  };
}
export type PlanningWorld = Awaited<ReturnType<typeof buildPlanningWorld>>;
