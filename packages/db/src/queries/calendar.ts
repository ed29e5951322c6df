import { and, eq, gt, inArray, isNotNull, or } from "drizzle-orm";
import type { Db } from "../client";
import { enrolments, rooms, sessions, sites, trainings, users } from "../schema/index";

/**
 * The sessions on one person's calendar that end after `since`: those they are enrolled in
 * (or waiting for), and those they train. Cancelled ones too, so that a calendar removes them.
 */
export async function listCalendarSessions(db: Db, input: { userId: string; since: Date }) {
  const trainer = users;
  return db
    .selectDistinct({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      cancelledAt: sessions.cancelledAt,
      version: sessions.version,
      trainingTitle: trainings.title,
      trainingCode: trainings.code,
      roomName: rooms.name,
      siteName: sites.name,
      siteCity: sites.city,
      trainerName: trainer.displayName,
      trainerId: sessions.trainerId,
      enrolmentStatus: enrolments.status,
    })
    .from(sessions)
    .innerJoin(trainings, eq(trainings.id, sessions.trainingId))
    .leftJoin(rooms, eq(rooms.id, sessions.roomId))
    .leftJoin(sites, eq(sites.id, rooms.siteId))
    .leftJoin(trainer, eq(trainer.id, sessions.trainerId))
    .leftJoin(
      enrolments,
      and(
        eq(enrolments.sessionId, sessions.id),
        eq(enrolments.learnerId, input.userId),
        inArray(enrolments.status, ["enrolled", "completed", "waitlisted"]),
      ),
    )
    .where(
      and(
        gt(sessions.endsAt, input.since),
        or(eq(sessions.trainerId, input.userId), isNotNull(enrolments.id)),
      ),
    );
}
