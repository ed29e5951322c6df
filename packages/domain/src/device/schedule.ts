import { z } from "zod";
import { instantSchema, masterRefSchema, usernameSchema } from "./common";
import { neededMasterSchema } from "./masters";

/**
 * Kiosk-OS versions are published, signed and rolled out exactly like masters, under this name
 * (portal masters, rollouts, /dsi/masters); only the schedule's `os` field tells them apart.
 */
export const kioskOsMasterName = "tremplin-kiosk-os";

/**
 * `GET /api/v1/kiosks/me/schedule`: what the post needs to decide a login offline, kept small
 * because it is polled. The portal sends an `ETag`; the agent replays it in `If-None-Match`
 * and gets `304` while nothing changed. Sessions cover today and tomorrow (site time zone),
 * cancelled ones left out.
 */
export const scheduledSessionSchema = z.object({
  id: z.uuid(),
  trainingTitle: z.string().min(1),
  startsAt: instantSchema,
  endsAt: instantSchema,
  /** The session's trainer (null when not yet assigned). */
  trainerUsername: usernameSchema.nullable(),
  /** Learners with an `enrolled` enrolment (not waitlisted, not cancelled). */
  enrolledUsernames: z.array(usernameSchema),
  /** The master this session boots; null until IT picks one. */
  master: masterRefSchema.nullable(),
});
export type ScheduledSession = z.infer<typeof scheduledSessionSchema>;

export const scheduleResponseSchema = z.object({
  kiosk: z.object({ id: z.uuid(), label: z.string().min(1) }),
  room: z.object({ id: z.uuid(), name: z.string().min(1) }),
  timezone: z.string().min(1),
  generatedAt: instantSchema,
  sessions: z.array(scheduledSessionSchema),
  /**
   * Master versions the room needs in the coming days (its sessions' and IT's rollouts), soonest
   * first: what the post's night sync fetches. Absent from portals older than the night sync.
   */
  masters: z.array(neededMasterSchema).optional(),
  /**
   * The kiosk-OS version this post should run: the newest `kioskOsMasterName` version rolled out
   * to its room and started; null when none. It is also listed in `masters`, so the night sync
   * fetches it like any master. Absent from portals older than the kiosk OS.
   */
  os: masterRefSchema.nullable().optional(),
});
export type ScheduleResponse = z.infer<typeof scheduleResponseSchema>;
