// Test data for the device API and fleet tests: each test file builds its own small world.
import { randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
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
} from "@tremplin/db/schema";
import type { Actor } from "@/server/audit/actor";

export async function buildWorld(db: Db, now: Date) {
  const tag = randomUUID().slice(0, 8);
  const [org] = await db
    .insert(organisations)
    .values({ name: `Région ${tag}`, kind: "region" })
    .returning();
  const [site] = await db
    .insert(sites)
    .values({ organisationId: org!.id, name: `Maison ${tag}`, city: "Albi" })
    .returning();
  const [roomA, roomB] = await db
    .insert(rooms)
    .values([
      { siteId: site!.id, name: "Salle A", capacity: 4 },
      { siteId: site!.id, name: "Salle B", capacity: 4 },
    ])
    .returning();
  const [kioskA, kioskA2, kioskB] = await db
    .insert(kiosks)
    .values([
      { roomId: roomA!.id, label: `A-P01-${tag}` },
      { roomId: roomA!.id, label: `A-P02-${tag}` },
      { roomId: roomB!.id, label: `B-P01-${tag}` },
    ])
    .returning();
  const [learner, other, trainer, admin] = await db
    .insert(users)
    .values([
      { source: "local", username: `l.${tag}`, displayName: "Léa Apprenante", roles: ["learner"] },
      { source: "local", username: `o.${tag}`, displayName: "Omar Autre", roles: ["learner"] },
      { source: "local", username: `f.${tag}`, displayName: "Fanny Formatrice", roles: ["trainer"] },
      { source: "local", username: `d.${tag}`, displayName: "Denis DSI", roles: ["it_admin"] },
    ])
    .returning();
  const [master] = await db
    .insert(masters)
    .values({ name: `win-${tag}`, os: "windows", description: "test" })
    .returning();
  const [version] = await db
    .insert(masterVersions)
    .values({ masterId: master!.id, version: "1.0", sizeBytes: 1 })
    .returning();
  const [training] = await db
    .insert(trainings)
    .values({
      organisationId: org!.id,
      code: `T-${tag}`,
      title: "Excel avancé",
      domain: "Bureautique",
      summary: "…",
      durationHours: 7,
      modality: "onsite",
      rules: {},
    })
    .returning();
  const hour = 3600_000;
  const session = (
    roomId: string,
    startOffsetH: number,
    extra: Partial<typeof sessions.$inferInsert> = {},
  ) => ({
    trainingId: training!.id,
    roomId,
    trainerId: trainer!.id,
    masterVersionId: version!.id,
    startsAt: new Date(now.getTime() + startOffsetH * hour),
    endsAt: new Date(now.getTime() + (startOffsetH + 3) * hour),
    capacity: 4,
    ...extra,
  });
  const [sessionA, sessionB, sessionA3days] = await db
    .insert(sessions)
    .values([session(roomA!.id, -1), session(roomB!.id, -1), session(roomA!.id, 72)])
    .returning();
  await db.insert(enrolments).values([
    { learnerId: learner!.id, trainingId: training!.id, sessionId: sessionA!.id, status: "enrolled" },
    { learnerId: other!.id, trainingId: training!.id, sessionId: sessionA!.id, status: "waitlisted" },
  ]);
  const actor: Actor = {
    id: admin!.id,
    name: admin!.displayName,
    username: admin!.username,
    roles: admin!.roles,
  };
  return {
    site: site!,
    roomA: roomA!,
    roomB: roomB!,
    kioskA: kioskA!,
    kioskA2: kioskA2!,
    kioskB: kioskB!,
    learner: learner!,
    trainer: trainer!,
    admin: actor,
    training: training!,
    master: { name: master!.name, version: version!.version },
    masterVersionId: version!.id,
    sessionA: sessionA!,
    sessionB: sessionB!,
    sessionA3days: sessionA3days!,
  };
}
export type World = Awaited<ReturnType<typeof buildWorld>>;
