import type { Database } from "@tremplin/db/client";
import { makeKiosk, makeUser } from "@tremplin/db/factories";
import { certificateJobs, enrolments, kiosks, modules, provisioningRuns } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { actorOf } from "@/server/testing/actors";
import { getItAlerts } from "./get-it-alerts";

let database: Database;
let w: PlanningWorld;
// Monday 23 November 2026, 15h00 in Paris.
const now = new Date("2026-11-23T14:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  w = await buildPlanningWorld(db);
  // Post 1 has not been heard from for an hour; post 2 answers but holds no master.
  await db
    .update(kiosks)
    .set({ registeredAt: minutesAgo(9000), lastSeenAt: minutesAgo(60) })
    .where(eq(kiosks.id, w.postA1.id));
  await db
    .update(kiosks)
    .set({
      registeredAt: minutesAgo(9000),
      lastSeenAt: minutesAgo(1),
      accelerator: "kvm",
      inventory: { masters: [] },
    })
    .where(eq(kiosks.id, w.postA2.id));
  // A room of its own whose only post is fine and has nothing planned: nothing to say about it.
  await makeKiosk(db, {
    roomId: w.roomB.id,
    label: `ALB-B01-${w.tag}`,
    registeredAt: minutesAgo(9000),
    lastSeenAt: minutesAgo(1),
    accelerator: "kvm",
  });
  const { lea, omar } = w.learners;
  const tomorrow = await w.addSession({
    startsAt: new Date("2026-11-24T08:00:00Z"),
    endsAt: new Date("2026-11-24T16:00:00Z"),
  });
  await w.enrol(tomorrow.id, [lea.id]);
  ids.tomorrow = tomorrow.id;
  const provisioned = await w.addSession({
    startsAt: new Date("2026-11-26T08:00:00Z"),
    endsAt: new Date("2026-11-26T16:00:00Z"),
    roomId: w.roomB.id,
  });
  await w.enrol(provisioned.id, [omar.id]);
  ids.provisioned = provisioned.id;
  ids.empty = (
    await w.addSession({
      startsAt: new Date("2026-11-27T08:00:00Z"),
      endsAt: new Date("2026-11-27T16:00:00Z"),
    })
  ).id;
  await db.insert(provisioningRuns).values({
    startedAt: minutesAgo(30),
    finishedAt: minutesAgo(29),
    trigger: "portal",
    actorLabel: "Sophie Garcia",
    scope: { kind: "session", sessionId: provisioned.id },
    sessionIds: [provisioned.id],
    status: "succeeded",
  });
  const [pending] = await db
    .insert(modules)
    .values({
      trainingId: w.training.id,
      position: 1,
      title: "Simulation SCORM",
      kind: "scorm",
      durationMinutes: 30,
      content: { pending: true },
    })
    .returning();
  ids.module = pending!.id;
  const [seat] = await db.select().from(enrolments).where(eq(enrolments.sessionId, provisioned.id));
  await db
    .insert(certificateJobs)
    .values({ enrolmentId: seat!.id, attempts: 3, lastError: "TSA injoignable" });
});
afterAll(() => database.close());

describe("IT's home alerts", () => {
  it("names the posts to watch, each with its room", async () => {
    const alerts = await getItAlerts(database.db, { actor: w.it, now });
    expect(alerts.posts.items).toEqual([
      {
        label: w.postA1.label,
        roomName: "Salle Jaurès",
        siteName: w.site.name,
        status: "offline",
        warnings: [],
      },
    ]);
    expect(alerts.posts.count).toBe(1);
  });

  it("names the room not ready for tomorrow's session, with the first reason", async () => {
    const alerts = await getItAlerts(database.db, { actor: w.it, now });
    expect(alerts.rooms.items).toEqual([
      {
        roomName: "Salle Jaurès",
        siteName: w.site.name,
        reason: `bureautique-${w.tag} 2026.11 absent ou non vérifié sur 2 postes.`,
      },
    ]);
  });

  it("lists sessions with trainees and no provisioning that went through, not the others", async () => {
    const alerts = await getItAlerts(database.db, { actor: w.it, now });
    expect(alerts.provisioning.items.map((s) => [s.id, s.trainingTitle, s.lastStatus])).toEqual([
      [ids.tomorrow, "Excel : tableaux croisés dynamiques", null],
    ]);
  });

  it("reports a SCORM module with no package and failing certificate jobs", async () => {
    const alerts = await getItAlerts(database.db, { actor: w.it, now });
    expect(alerts.content).toEqual({
      count: 1,
      modules: [
        { id: ids.module, title: "Simulation SCORM", trainingTitle: "Excel : tableaux croisés dynamiques" },
      ],
      failingCertificateJobs: 1,
    });
    expect(alerts.isQuiet).toBe(false);
  });

  it("says there is nothing to report when nothing needs a look, and is IT's only", async () => {
    const quiet = await createTestDatabase();
    try {
      const it = actorOf(
        await makeUser(quiet.db, { username: "s.garcia", displayName: "Sophie Garcia", roles: ["it_admin"] }),
      );
      const alerts = await getItAlerts(quiet.db, { actor: it, now });
      expect(alerts).toMatchObject({
        isQuiet: true,
        posts: { count: 0 },
        rooms: { count: 0 },
        provisioning: { count: 0 },
      });
    } finally {
      await quiet.close();
    }
    await expect(getItAlerts(database.db, { actor: w.trainer, now })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
