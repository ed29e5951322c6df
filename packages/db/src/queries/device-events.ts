import { parseLoginName } from "@tremplin/domain/auth";
import type { DeviceEvent, EventsResponse } from "@tremplin/domain/device";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../client";
import { readRows } from "../rows";

export type IngestInput = { kioskId: string; roomId: string; events: DeviceEvent[]; now: Date };

/**
 * Stores a batch of a post's events and turns its attendance into records, in ONE statement
 * whatever the batch size (a single statement is atomic, and one round trip keeps ingestion
 * fast enough for a whole region's rooms; see bench/event-ingestion.ts):
 *  - an event naming a session that does not exist or is not in the post's room is `rejected`
 *    and not stored (retrying could never help);
 *  - every other event goes into `device_events` with `on conflict do nothing`: the ids that
 *    come back are new (`accepted`), the rest were stored by an earlier try (`duplicates`);
 *  - a learner's new check-in becomes a kiosk attendance record (an authenticated AD logon on a
 *    named post: the evidence of presence for that half-day), already closed if its check-out
 *    is in the same batch;
 *  - a new check-out closes the open record of an earlier batch's check-in, with its reason;
 *  - a learner's confirmation of presence becomes a `signature` record (an instant, on this
 *    post): the learner's own line of the *émargement*, beside the trainer's validation.
 * Only new events produce records, so a replayed batch changes nothing.
 */
export async function ingestDeviceEvents(db: Db, input: IngestInput): Promise<EventsResponse> {
  // The same id twice in one batch is one event: keep its first copy.
  const events = [...new Map(input.events.map((e) => [e.id, e] as const)).values()];
  // A check-out travelling with its check-in: the record is inserted closed (a statement's
  // CTEs share one snapshot, so the update below could not see the row the insert makes).
  const closing = new Map(events.flatMap((e) => (e.type === "check_out" ? [[e.checkInId, e] as const] : [])));
  const rows = events.map((e) => toRow(e, closing.get(e.id)));
  const result = await db.execute(sql`
    with r as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(
        id uuid, type text, at timestamptz, payload text, session_id uuid, account text, role text,
        check_in uuid, reason text, closed_at timestamptz, closed_reason text)
    ),
    checked as (
      select r.*, case when r.session_id is null then 'ok' when s.id is null then 'unknown'
        when s.room_id = ${input.roomId}::uuid then 'ok' else 'foreign' end as verdict
      from r left join sessions s on s.id = r.session_id
    ),
    ins as (
      insert into device_events (id, kiosk_id, type, occurred_at, payload, received_at)
      select id, ${input.kioskId}::uuid, type, at, payload, ${input.now.toISOString()}::timestamptz
      from checked where verdict = 'ok'
      on conflict (id) do nothing
      returning id
    ),
    opened as (
      insert into attendance_records
        (session_id, learner_id, source, status, kiosk_id, started_at, ended_at, end_reason, check_in_event_id)
      select c.session_id, u.id, 'kiosk', 'present', ${input.kioskId}::uuid, c.at, c.closed_at, c.closed_reason, c.id
      from checked c
      join ins on ins.id = c.id
      join users u on lower(u.username) = c.account
      where c.type = 'check_in' and c.role = 'learner' and c.session_id is not null
      on conflict (check_in_event_id) do nothing
    ),
    signed as (
      insert into attendance_records
        (session_id, learner_id, source, status, kiosk_id, started_at, ended_at, check_in_event_id)
      select c.session_id, u.id, 'signature', 'present', ${input.kioskId}::uuid, c.at, c.at, c.id
      from checked c
      join ins on ins.id = c.id
      join users u on lower(u.username) = c.account
      where c.type = 'presence_confirmed' and c.session_id is not null
      on conflict (check_in_event_id) do nothing
    ),
    closed as (
      update attendance_records a set ended_at = c.at, end_reason = c.reason
      from checked c join ins on ins.id = c.id
      where c.type = 'check_out' and a.check_in_event_id = c.check_in
        and a.kiosk_id = ${input.kioskId}::uuid and a.ended_at is null
    )
    select id, 'accepted' as outcome from ins
    union all
    select id, verdict from checked where verdict <> 'ok'`);
  const outcome = new Map(
    readRows(result, z.object({ id: z.string(), outcome: z.string() })).map((r) => [r.id, r.outcome]),
  );
  const rejected = events.filter((e) => outcome.get(e.id) === "unknown" || outcome.get(e.id) === "foreign");
  return {
    accepted: events.filter((e) => outcome.get(e.id) === "accepted").map((e) => e.id),
    duplicates: events.filter((e) => !outcome.has(e.id)).map((e) => e.id),
    rejected: rejected.map((e) => ({
      id: e.id,
      message:
        outcome.get(e.id) === "unknown"
          ? `session inconnue : ${e.sessionId}`
          : `la session ${e.sessionId} n'a pas lieu dans la salle de ce poste`,
    })),
  };
}

function toRow(e: DeviceEvent, closedBy: DeviceEvent | undefined) {
  return {
    id: e.id,
    type: e.type,
    at: e.occurredAt,
    payload: JSON.stringify(e),
    session_id: e.sessionId,
    account: e.username === null ? null : accountOf(e.username),
    role: e.type === "check_in" ? e.role : null,
    check_in: e.type === "check_out" ? e.checkInId : null,
    reason: e.type === "check_out" ? e.reason : null,
    closed_at: closedBy?.occurredAt ?? null,
    closed_reason: closedBy?.type === "check_out" ? closedBy.reason : null,
  };
}

/** AD logon names arrive as typed (`jdupont`, `REGION\jdupont`, `jdupont@region.fr`): keep the account. */
function accountOf(username: string): string {
  const parsed = parseLoginName(username);
  if (!parsed.ok) return username.trim().toLowerCase();
  return parsed.login.kind === "upn" ? parsed.login.localPart.toLowerCase() : parsed.login.key;
}
