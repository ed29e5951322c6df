import { z } from "zod";
import { instantSchema, masterRefSchema, usernameSchema } from "./common";

/**
 * `POST /api/v1/kiosks/me/events`: attendance and errors, batched from the kiosk's outbox.
 * Each event carries its own UUID, chosen on the kiosk when it happened: the portal stores an
 * id once and answers a replay as a duplicate, so retries after a lost response are harmless.
 */
const eventBase = {
  id: z.uuid(),
  occurredAt: instantSchema,
  /** The post's label, e.g. "Salle Jean Moulin — poste 3". */
  post: z.string().min(1).max(128),
};

export const checkInEventSchema = z.object({
  ...eventBase,
  type: z.literal("check_in"),
  username: usernameSchema,
  /** Null when a trainer logs in outside any session. */
  sessionId: z.uuid().nullable(),
  role: z.enum(["learner", "trainer"]),
  master: masterRefSchema.nullable(),
  accelerator: z.enum(["kvm", "tcg"]).nullable(),
});

export const checkOutReasons = ["logout", "poweroff", "interrupted"] as const;
export type CheckOutReason = (typeof checkOutReasons)[number];

export const checkOutEventSchema = z.object({
  ...eventBase,
  type: z.literal("check_out"),
  username: usernameSchema,
  sessionId: z.uuid().nullable(),
  /** The check-in this closes: the portal ends that attendance record. */
  checkInId: z.uuid(),
  /** `interrupted`: the agent died mid-session and found it at restart (occurredAt is then). */
  reason: z.enum(checkOutReasons),
});

/**
 * The trainee's own confirmation of presence, ticked in the logout dialog (the funders'
 * *émargement* by the learner, beside the trainer's validation). Sent only for a learner's
 * session; the portal keeps it as a `signature` record of the half-day it confirms.
 */
export const presenceConfirmedEventSchema = z.object({
  ...eventBase,
  type: z.literal("presence_confirmed"),
  username: usernameSchema,
  sessionId: z.uuid(),
  /** The logon it was given at, for the record's trail. */
  checkInId: z.uuid(),
});

export const errorEventSchema = z.object({
  ...eventBase,
  type: z.literal("error"),
  username: usernameSchema.nullable(),
  sessionId: z.uuid().nullable(),
  code: z.string().min(1).max(64),
  message: z.string().max(2000),
});

export const deviceEventSchema = z.discriminatedUnion("type", [
  checkInEventSchema,
  checkOutEventSchema,
  presenceConfirmedEventSchema,
  errorEventSchema,
]);
export type DeviceEvent = z.infer<typeof deviceEventSchema>;
export type CheckInEvent = z.infer<typeof checkInEventSchema>;
export type CheckOutEvent = z.infer<typeof checkOutEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type PresenceConfirmedEvent = z.infer<typeof presenceConfirmedEventSchema>;

export const maxEventsPerBatch = 100;

export const eventsRequestSchema = z.object({
  events: z.array(deviceEventSchema).min(1).max(maxEventsPerBatch),
});
export type EventsRequest = z.infer<typeof eventsRequestSchema>;

/**
 * Every id of the batch appears in exactly one list. `rejected` is for an event the portal can
 * never store (e.g. it names a session of another room): retrying would not help, so the kiosk
 * drops it from its outbox and keeps it in its rejected log.
 */
export const eventsResponseSchema = z.object({
  accepted: z.array(z.uuid()),
  duplicates: z.array(z.uuid()),
  rejected: z.array(z.object({ id: z.uuid(), message: z.string() })).default([]),
});
export type EventsResponse = z.infer<typeof eventsResponseSchema>;
