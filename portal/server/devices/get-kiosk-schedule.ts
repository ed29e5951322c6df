import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { type DeviceIdentity, findRoomSchedule } from "@tremplin/db/queries/devices";
import { findRoomPilot } from "@tremplin/db/queries/masters";
import { addDays, localDate, startOfLocalDay } from "@tremplin/domain/calendar";
import { neededMasters, type ScheduleResponse, stageForPost } from "@tremplin/domain/device";
import { findNeedsAhead } from "@/server/masters/find-needs-ahead";

/** How far ahead a post learns which masters its room needs: the nights it has to fetch them. */
const masterLookaheadDays = 3;

/**
 * Today's and tomorrow's sessions (site time) of the post's own room, the masters it needs in
 * the coming days and the kiosk-OS version it should run: the device names no room, so it
 * cannot ask for another one. The ETag
 * covers everything but `generatedAt`, so a poll gets 304 while nothing that matters changed.
 */
export async function getKioskSchedule(
  db: Db,
  device: DeviceIdentity,
  now: Date,
): Promise<{ etag: string; body: ScheduleResponse }> {
  const today = localDate(now, device.timezone);
  const sessions = await findRoomSchedule(db, {
    roomId: device.roomId,
    from: startOfLocalDay(today, device.timezone),
    to: startOfLocalDay(addDays(today, 2), device.timezone),
  });
  const needs = await findNeedsAhead(db, {
    place: { roomId: device.roomId },
    now,
    timeZone: device.timezone,
    days: masterLookaheadDays,
  });
  // Staged rollout: the room's pilot post first, the others once it verified (stageForPost).
  const pilot = await findRoomPilot(db, device.roomId);
  // The OS target is among `needs` too, so the night sync fetches it like any master.
  const os = needs.find((n) => n.isOsTarget);
  const content = {
    kiosk: { id: device.kioskId, label: device.label },
    room: { id: device.roomId, name: device.roomName },
    timezone: device.timezone,
    sessions,
    os: os ? { name: os.name, version: os.version } : null,
    masters: stageForPost(neededMasters(needs, device.timezone), {
      isPilot: pilot === undefined || pilot.kioskId === device.kioskId,
      pilotVerified: pilot?.verified ?? new Set(),
      now,
    }),
  };
  const digest = createHash("sha256").update(JSON.stringify(content)).digest("base64url").slice(0, 32);
  return { etag: `"${digest}"`, body: { ...content, generatedAt: now.toISOString() } };
}

/** RFC 9110 §13.1.2: `If-None-Match` holds a list of tags, weak or strong, or `*`. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}
