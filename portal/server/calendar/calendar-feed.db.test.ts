import type { Database } from "@tremplin/db/client";
import { sessions } from "@tremplin/db/schema";
import { setUpTestWorld } from "@tremplin/db/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { buildLearningWorld, type LearningWorld } from "@/server/learning/test-world";
import { calendarFeed, calendarToken } from "./calendar-feed";

const secret = "test-secret-test-secret-test-secret-42";
let database: Database;
let world: LearningWorld;
setUpTestWorld(buildLearningWorld, (d, built) => {
  database = d;
  world = built;
});

const feed = (token: unknown) =>
  calendarFeed(database.db, { secret, token, baseUrl: "https://tremplin.test", now: new Date() });

describe("calendar feed", () => {
  it("lists a learner's sessions, a cancelled one as CANCELLED, and the trainer's as theirs", async () => {
    const startsAt = new Date(Date.now() + 86_400_000);
    const session = await world.addSession({
      startsAt,
      endsAt: new Date(startsAt.getTime() + 4 * 3_600_000),
    });
    const cancelled = await world.addSession({
      startsAt: new Date(startsAt.getTime() + 86_400_000),
      endsAt: new Date(startsAt.getTime() + 90_000_000),
    });
    const learner = world.learners[0]!;
    await world.enrol(session.id, learner.id);
    await world.enrol(cancelled.id, learner.id);
    await database.db.update(sessions).set({ cancelledAt: new Date() }).where(eq(sessions.id, cancelled.id));

    const ics = await feed(calendarToken(secret, learner.id));
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain(`UID:${session.id}@tremplin`);
    expect(ics).toContain("SUMMARY:Les fondamentaux de la comptabilité");
    expect(ics.split("BEGIN:VEVENT")).toHaveLength(3);
    expect(ics).toMatch(/STATUS:CANCELLED/);
    const trainer = await feed(calendarToken(secret, world.trainer.id));
    expect(trainer).toContain("SUMMARY:Animation : Les fondamentaux de la comptabilité");
  });

  it("answers 'not found' to a token that is not ours, whatever its shape", async () => {
    const learner = world.learners[1]!;
    const good = calendarToken(secret, learner.id);
    for (const token of [
      calendarToken("another-secret-another-secret-1234567", learner.id),
      `${world.learners[2]!.id}.${good.split(".")[1]}`,
      "../../etc/passwd",
      42,
    ]) {
      await expect(feed(token)).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(feed(good)).resolves.toContain("BEGIN:VCALENDAR");
  });
});
