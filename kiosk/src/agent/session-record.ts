import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import {
  type CheckInEvent,
  type CheckOutEvent,
  type CheckOutReason,
  checkInEventSchema,
  instantSchema,
  type PresenceConfirmedEvent,
} from "@tremplin/domain/device";
import { z } from "zod";
import { writeFileAtomic } from "../outbox/journal";

/**
 * The session in progress, on disk from just before QEMU starts until its check-out is in the
 * outbox. If the agent dies in between, the next start finds it and records the check-in (again:
 * same id, so harmless) and a check-out `interrupted` dated at the last moment the agent knew the
 * session alive — not at the restart, which may be the next morning after a power cut.
 */
export const sessionRecordSchema = z.object({
  checkIn: checkInEventSchema,
  /** Chosen up front so that a normal check-out and a recovered one share one id: never two. */
  checkOutId: z.uuid(),
  lastAliveAt: instantSchema,
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

export function newSessionRecord(checkIn: Omit<CheckInEvent, "id" | "type">): SessionRecord {
  return {
    checkIn: { ...checkIn, id: randomUUID(), type: "check_in" },
    checkOutId: randomUUID(),
    lastAliveAt: checkIn.occurredAt,
  };
}

export function checkOutFor(record: SessionRecord, reason: CheckOutReason, at: Date): CheckOutEvent {
  return {
    id: record.checkOutId,
    type: "check_out",
    occurredAt: at.toISOString(),
    post: record.checkIn.post,
    username: record.checkIn.username,
    sessionId: record.checkIn.sessionId,
    checkInId: record.checkIn.id,
    reason,
  };
}

/**
 * The trainee's "Je confirme ma présence" at logout, for a learner's session only (a trainer
 * or a logon outside any session has nothing to confirm). Undefined when it does not apply.
 */
export function presenceConfirmedFor(record: SessionRecord, at: Date): PresenceConfirmedEvent | undefined {
  const { checkIn } = record;
  if (checkIn.role !== "learner" || checkIn.sessionId === null) return undefined;
  return {
    id: randomUUID(),
    type: "presence_confirmed",
    occurredAt: at.toISOString(),
    post: checkIn.post,
    username: checkIn.username,
    sessionId: checkIn.sessionId,
    checkInId: checkIn.id,
  };
}

export async function saveSessionRecord(file: string, record: SessionRecord): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(record), 0o600);
}

export async function findSessionRecord(file: string): Promise<SessionRecord | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return sessionRecordSchema.parse(JSON.parse(text));
}

export async function clearSessionRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}
