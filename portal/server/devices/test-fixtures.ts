// Test data for the device API and fleet tests: each test file builds its own small world.
import type { Database, Db } from "@tremplin/db/client";
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
import { setUpTestWorld } from "@tremplin/db/testing";
import { actorOf } from "@/server/testing/actors";

const hour = 3600_000;

export async function buildWorld(db: Db, now: Date) {
  const tag = uniqueTag();
  const org = await makeOrganisation(db);
  const site = await makeSite(db, { organisationId: org.id, name: `Maison ${tag}` });
  const roomA = await makeRoom(db, { siteId: site.id, name: "Salle A" });
  const roomB = await makeRoom(db, { siteId: site.id, name: "Salle B" });
  const kioskA = await makeKiosk(db, { roomId: roomA.id, label: `A-P01-${tag}` });
  const kioskA2 = await makeKiosk(db, { roomId: roomA.id, label: `A-P02-${tag}` });
  const kioskB = await makeKiosk(db, { roomId: roomB.id, label: `B-P01-${tag}` });
  const [learner, other, trainer, admin] = await makeUsers(db, [
    { username: `l.${tag}`, displayName: "Léa Apprenante" },
    { username: `o.${tag}`, displayName: "Omar Autre" },
    { username: `f.${tag}`, displayName: "Fanny Formatrice", roles: ["trainer"] },
    { username: `d.${tag}`, displayName: "Denis DSI", roles: ["it_admin"] },
  ]);
  const { master, version } = await makeMasterVersion(db, { name: `win-${tag}`, version: "1.0" });
  const training = await makeTraining(db, {
    organisationId: org.id,
    code: `T-${tag}`,
    title: "Excel avancé",
  });
  /** A three-hour session starting `startOffsetH` hours from `now`. */
  const session = (roomId: string, startOffsetH: number) =>
    makeSession(db, {
      trainingId: training.id,
      roomId,
      trainerId: trainer!.id,
      masterVersionId: version.id,
      startsAt: new Date(now.getTime() + startOffsetH * hour),
      endsAt: new Date(now.getTime() + (startOffsetH + 3) * hour),
    });
  const sessionA = await session(roomA.id, -1);
  const sessionB = await session(roomB.id, -1);
  const sessionA3days = await session(roomA.id, 72);
  await enrol(db, { learnerIds: [learner!.id], trainingId: training.id, sessionId: sessionA.id });
  await enrol(db, {
    learnerIds: [other!.id],
    trainingId: training.id,
    sessionId: sessionA.id,
    status: "waitlisted",
  });
  return {
    site,
    roomA,
    roomB,
    kioskA,
    kioskA2,
    kioskB,
    learner: learner!,
    trainer: trainer!,
    admin: actorOf(admin!),
    training,
    master: { name: master.name, version: version.version },
    masterVersionId: version.id,
    sessionA,
    sessionB,
    sessionA3days,
  };
}
export type World = Awaited<ReturnType<typeof buildWorld>>;

/**
 * The frame of a test file in this world (setUpTestWorld's): a fresh database and the world
 * built in it at `now`, handed to `use`. The world lives in its database alone: nothing to clean.
 */
export function setUpDeviceWorld(now: Date, use: (database: Database, world: World) => void): void {
  const build = async (db: Db) => ({ ...(await buildWorld(db, now)), cleanup: async () => undefined });
  setUpTestWorld(build, use);
}
