import { randomUUID } from "node:crypto";
import type { DeviceEvent } from "@tremplin/domain/device";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client";
import {
  makeKiosk,
  makeOrganisation,
  makeRoom,
  makeSession,
  makeSite,
  makeTraining,
  makeUser,
} from "../factories";
import { attendanceRecords, deviceEvents } from "../schema/index";
import { createTestDatabase } from "../testing";
import { ingestDeviceEvents } from "./device-events";

const now = new Date("2026-11-23T10:00:00Z");
let database: Database;
let ctx: { kioskId: string; roomId: string; sessionId: string; learnerId: string };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const org = await makeOrganisation(db);
  const site = await makeSite(db, { organisationId: org.id });
  const room = await makeRoom(db, { siteId: site.id });
  const kiosk = await makeKiosk(db, { roomId: room.id, label: "P01" });
  const learner = await makeUser(db, {
    source: "directory",
    username: "j.dupont",
    displayName: "Jeanne Dupont",
  });
  const training = await makeTraining(db, { organisationId: org.id });
  const session = await makeSession(db, {
    trainingId: training.id,
    roomId: room.id,
    startsAt: now,
    endsAt: new Date(now.getTime() + 3 * 3600_000),
  });
  ctx = { kioskId: kiosk.id, roomId: room.id, sessionId: session.id, learnerId: learner.id };
});
afterAll(() => database.close());

function checkIn(username: string, sessionId: string | null = ctx.sessionId): DeviceEvent {
  return {
    id: randomUUID(),
    type: "check_in",
    occurredAt: "2026-11-23T10:01:00Z",
    post: "P01",
    username,
    sessionId,
    role: "learner",
    master: null,
    accelerator: "kvm",
  };
}
function checkOut(of: DeviceEvent, reason: "logout" | "poweroff" | "interrupted"): DeviceEvent {
  return {
    id: randomUUID(),
    type: "check_out",
    occurredAt: "2026-11-23T12:00:00Z",
    post: "P01",
    username: "j.dupont",
    sessionId: ctx.sessionId,
    checkInId: of.id,
    reason,
  };
}
const ingest = (events: DeviceEvent[]) => ingestDeviceEvents(database.db, { ...ctx, events, now });
const recordOf = async (checkInId: string) =>
  (
    await database.db.select().from(attendanceRecords).where(eq(attendanceRecords.checkInEventId, checkInId))
  )[0];

describe("ingestDeviceEvents", () => {
  it("closes a check-in whose check-out travels in the same batch", async () => {
    const inEvent = checkIn("j.dupont");
    const result = await ingest([inEvent, checkOut(inEvent, "interrupted")]);
    expect(result.accepted).toHaveLength(2);
    expect(await recordOf(inEvent.id)).toMatchObject({ learnerId: ctx.learnerId, endReason: "interrupted" });
  });

  it("recognises the account whether typed as login, UPN or DOMAIN\\login", async () => {
    for (const username of ["J.Dupont@region.example", "REGION\\j.dupont", " J.DUPONT "]) {
      const e = checkIn(username);
      await ingest([e]);
      expect((await recordOf(e.id))?.learnerId).toBe(ctx.learnerId);
    }
  });

  it("stores an unknown account's logon as an event without inventing a record", async () => {
    const e = checkIn("x.inconnu");
    expect((await ingest([e])).accepted).toEqual([e.id]);
    expect(await recordOf(e.id)).toBeUndefined();
    const [raw] = await database.db.select().from(deviceEvents).where(eq(deviceEvents.id, e.id));
    expect(JSON.parse(raw!.payload)).toMatchObject({ username: "x.inconnu" });
  });

  it("rejects an unknown session, keeps one copy of an id repeated in a batch", async () => {
    const ghost = checkIn("j.dupont", randomUUID());
    const twice = checkIn("j.dupont");
    const result = await ingest([ghost, twice, twice]);
    expect(result).toEqual({
      accepted: [twice.id],
      duplicates: [],
      rejected: [{ id: ghost.id, message: expect.stringContaining("session inconnue") }],
    });
    expect(await database.db.select().from(deviceEvents).where(eq(deviceEvents.id, ghost.id))).toHaveLength(
      0,
    );
  });

  it("never reopens or rewrites a closed record when a late check-out is replayed", async () => {
    const inEvent = checkIn("j.dupont");
    await ingest([inEvent]);
    await ingest([checkOut(inEvent, "logout")]);
    await ingest([checkOut(inEvent, "poweroff")]);
    expect((await recordOf(inEvent.id))?.endReason).toBe("logout");
  });

  it("keeps the learner's confirmation at logout as a signature on the post, once however often it is sent", async () => {
    const inEvent = checkIn("j.dupont");
    const confirmed: DeviceEvent = {
      id: randomUUID(),
      type: "presence_confirmed",
      occurredAt: "2026-11-23T11:59:00Z",
      post: "P01",
      username: "j.dupont",
      sessionId: ctx.sessionId,
      checkInId: inEvent.id,
    };
    // Offline all morning: the logon, the confirmation and the check-out arrive together, twice.
    const batch = [inEvent, confirmed, checkOut(inEvent, "logout")];
    expect((await ingest(batch)).accepted).toHaveLength(3);
    expect((await ingest(batch)).duplicates).toHaveLength(3);
    const signatures = await database.db
      .select()
      .from(attendanceRecords)
      .where(eq(attendanceRecords.checkInEventId, confirmed.id));
    expect(signatures).toEqual([
      expect.objectContaining({
        source: "signature",
        learnerId: ctx.learnerId,
        kioskId: ctx.kioskId,
        startedAt: new Date("2026-11-23T11:59:00Z"),
        endedAt: new Date("2026-11-23T11:59:00Z"),
      }),
    ]);
    expect(await recordOf(inEvent.id)).toMatchObject({ source: "kiosk", endReason: "logout" });
  });
});
