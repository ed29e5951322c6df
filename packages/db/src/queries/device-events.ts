import { parseLoginName } from "@tremplin/domain/auth";
import type { DeviceEvent, EventsResponse } from "@tremplin/domain/device";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { resultRows } from "../migrate";
import { sessions } from "../schema/index";

export type IngestInput = { kioskId: string; roomId: string; events: DeviceEvent[]; now: Date };

/**
 * Stores a batch of a post's events and turns its attendance into records, in one transaction
 * and at most four statements whatever the batch size:
 *  1. the sessions the batch names, to refuse one of another room (`rejected`: never storable);
 *  2. every other event into `device_events`, `on conflict do nothing`: what comes back is new
 *     (`accepted`), the rest was stored by an earlier try (`duplicates`);
 *  3. a learner's new check-in becomes an open kiosk attendance record — an authenticated AD
 *     logon on a named post, the evidence of presence for that half-day;
 *  4. a new check-out closes the record its check-in opened, with its reason.
 * Only new events reach 3 and 4, so a replayed batch changes nothing.
 */
export async function ingestDeviceEvents(db: Db, input: IngestInput): Promise<EventsResponse> {
  const { kioskId, events } = input;
  const rejected = await findForeignSessionEvents(db, input);
  // The same id twice in one batch is one event: keep its first copy.
  const storable = [...new Map(events.map((e) => [e.id, e] as const)).values()].filter(
    (e) => !rejected.has(e.id),
  );
  return db.transaction(async (tx) => {
    const accepted = new Set(await insertEvents(tx, kioskId, storable, input.now));
    const fresh = storable.filter((e) => accepted.has(e.id));
    const checkIns = fresh.filter((e) => e.type === "check_in" && e.role === "learner" && e.sessionId);
    if (checkIns.length > 0) await openAttendance(tx, kioskId, checkIns);
    const checkOuts = fresh.filter((e) => e.type === "check_out");
    if (checkOuts.length > 0) await closeAttendance(tx, kioskId, checkOuts);
    return {
      accepted: fresh.map((e) => e.id),
      duplicates: storable.filter((e) => !accepted.has(e.id)).map((e) => e.id),
      rejected: [...rejected].map(([id, message]) => ({ id, message })),
    };
  });
}

/** Events naming a session that is not in the post's room (or does not exist), with the reason. */
async function findForeignSessionEvents(db: Db, input: IngestInput): Promise<Map<string, string>> {
  const named = [...new Set(input.events.flatMap((e) => (e.sessionId ? [e.sessionId] : [])))];
  const rejected = new Map<string, string>();
  if (named.length === 0) return rejected;
  const rows = await db
    .select({ id: sessions.id, roomId: sessions.roomId })
    .from(sessions)
    .where(inArray(sessions.id, named));
  const roomOf = new Map(rows.map((r) => [r.id, r.roomId]));
  for (const e of input.events) {
    if (!e.sessionId) continue;
    if (!roomOf.has(e.sessionId)) rejected.set(e.id, `session inconnue : ${e.sessionId}`);
    else if (roomOf.get(e.sessionId) !== input.roomId) {
      rejected.set(e.id, `la session ${e.sessionId} n'a pas lieu dans la salle de ce poste`);
    }
  }
  return rejected;
}

// Rows travel as one JSON parameter unpacked by jsonb_to_recordset: one statement, one
// parameter, whatever the batch size (a VALUES list would need five parameters per row).
async function insertEvents(tx: Db, kioskId: string, events: DeviceEvent[], now: Date): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({ id: e.id, type: e.type, at: e.occurredAt, payload: JSON.stringify(e) }));
  const result = await tx.execute(sql`
    insert into device_events (id, kiosk_id, type, occurred_at, payload, received_at)
    select r.id, ${kioskId}::uuid, r.type, r.at, r.payload, ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, type text, at timestamptz, payload text)
    on conflict (id) do nothing
    returning id`);
  return resultRows<{ id: string }>(result).map((r) => r.id);
}

/** AD logon names arrive as typed (`jdupont`, `REGION\jdupont`, `jdupont@region.fr`): keep the account. */
function accountOf(username: string): string {
  const parsed = parseLoginName(username);
  if (!parsed.ok) return username.trim().toLowerCase();
  return parsed.login.kind === "upn" ? parsed.login.localPart.toLowerCase() : parsed.login.key;
}

async function openAttendance(tx: Db, kioskId: string, checkIns: DeviceEvent[]): Promise<void> {
  const rows = checkIns.map((e) => ({
    id: e.id,
    session_id: e.sessionId,
    account: e.type === "check_in" ? accountOf(e.username) : "",
    at: e.occurredAt,
  }));
  // An account unknown to the portal keeps its raw event in device_events but gets no record.
  await tx.execute(sql`
    insert into attendance_records (session_id, learner_id, source, status, kiosk_id, started_at, check_in_event_id)
    select r.session_id, u.id, 'kiosk', 'present', ${kioskId}::uuid, r.at, r.id
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, session_id uuid, account text, at timestamptz)
    join users u on lower(u.username) = r.account
    on conflict (check_in_event_id) do nothing`);
}

async function closeAttendance(tx: Db, kioskId: string, checkOuts: DeviceEvent[]): Promise<void> {
  const rows = checkOuts.flatMap((e) =>
    e.type === "check_out" ? [{ check_in: e.checkInId, at: e.occurredAt, reason: e.reason }] : [],
  );
  await tx.execute(sql`
    update attendance_records a set ended_at = r.at, end_reason = r.reason
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(check_in uuid, at timestamptz, reason text)
    where a.check_in_event_id = r.check_in and a.kiosk_id = ${kioskId}::uuid and a.ended_at is null`);
}
