// Test data for the attendance, planning and audit tests: each test file builds its own world.
import type { Db } from "@tremplin/db/client";
import {
  enrol,
  makeKiosk,
  makeMasterVersion,
  makeOrganisation,
  makeRoom,
  makeSession,
  makeSite,
  makeTraining,
  makeUsers,
  uniqueTag,
} from "@tremplin/db/factories";
import { enrolments, mailJobs, type sessions } from "@tremplin/db/schema";
import { eq } from "drizzle-orm";
import { actorOf } from "@/server/testing/actors";

export async function buildPlanningWorld(db: Db) {
  const tag = uniqueTag();
  const org = await makeOrganisation(db, { name: `Région Occitanie ${tag}` });
  const site = await makeSite(db, { organisationId: org.id, name: `Maison de région d'Albi ${tag}` });
  const roomA = await makeRoom(db, { siteId: site.id, name: "Salle Jaurès", capacity: 4 });
  const roomB = await makeRoom(db, { siteId: site.id, name: "Salle Toulouse-Lautrec", capacity: 8 });
  const postA1 = await makeKiosk(db, { roomId: roomA.id, label: `ALB-P01-${tag}` });
  const postA2 = await makeKiosk(db, { roomId: roomA.id, label: `ALB-P02-${tag}` });
  const [lea, omar, chloe, elodie, zoe, trainer, otherTrainer, it, auditor] = await makeUsers(db, [
    { username: `l.andre.${tag}`, displayName: "Léa André" },
    { username: `o.benali.${tag}`, displayName: "Omar Benali" },
    { username: `c.cazals.${tag}`, displayName: "Chloé Cazals" },
    { username: `e.durand.${tag}`, displayName: "Élodie Durand" },
    { username: `z.zoe.${tag}`, displayName: "Zoé Œuvrard" },
    { username: `f.fabre.${tag}`, displayName: "Isabelle Fabre", roles: ["trainer"] },
    { username: `o.marty.${tag}`, displayName: "Olivier Marty", roles: ["trainer"] },
    { username: `s.garcia.${tag}`, displayName: "Sophie Garcia", roles: ["it_admin"] },
    { username: `m.roussel.${tag}`, displayName: "Martine Roussel", roles: ["auditor"] },
  ]);
  const { version: masterVersion } = await makeMasterVersion(db, {
    name: `bureautique-${tag}`,
    version: "2026.11",
  });
  const training = await makeTraining(db, {
    organisationId: org.id,
    code: `EXCEL-${tag}`,
    title: "Excel : tableaux croisés dynamiques",
  });
  return {
    tag,
    org,
    site,
    roomA,
    roomB,
    postA1,
    postA2,
    learners: { lea: lea!, omar: omar!, chloe: chloe!, elodie: elodie!, zoe: zoe! },
    trainerUser: trainer!,
    trainer: actorOf(trainer!),
    otherTrainer: actorOf(otherTrainer!),
    it: actorOf(it!),
    auditor: actorOf(auditor!),
    learnerActor: actorOf(lea!),
    training,
    masterVersion,
    /** A session of this world's training, in room A with the first trainer unless told otherwise. */
    addSession(over: Partial<typeof sessions.$inferInsert> & { startsAt: Date; endsAt: Date }) {
      return makeSession(db, {
        trainingId: training.id,
        roomId: roomA.id,
        trainerId: trainer!.id,
        masterVersionId: masterVersion.id,
        capacity: 4,
        ...over,
      });
    },
    async enrol(sessionId: string, learnerIds: string[], status: "enrolled" | "waitlisted" = "enrolled") {
      await enrol(db, { learnerIds, trainingId: training.id, sessionId, status });
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
