import "server-only";
import type { Db } from "@tremplin/db/client";
import {
  findRoomSessionsBetween,
  fleetHistory,
  listFleetKiosks,
  listSitesAndRooms,
} from "@tremplin/db/queries/fleet";
import { type KioskMachineRow, listKioskMachines } from "@tremplin/db/queries/kiosk-machines";
import { addDays, localDate, startOfLocalDay } from "@tremplin/domain/calendar";
import type { SystemState } from "@tremplin/domain/device";
import {
  countByStatus,
  fleetThresholds,
  type KioskStatus,
  type KioskWarning,
  kioskStatus,
  kioskWarningsOf,
  type RoomReadiness,
  roomReadiness,
} from "@tremplin/domain/fleet";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { snapshotOf, storedInventory } from "./kiosk-snapshot";

export type FleetPost = {
  id: string;
  label: string;
  roomName: string;
  siteName: string;
  status: KioskStatus;
  warnings: KioskWarning[];
  lastSeenAt: Date | null;
  accelerator: string | null;
  acceleratorReason: string | null;
  diskFreeBytes: number | null;
  masters: { name: string; version: string; verified: boolean }[];
  outboxDepth: number | null;
  agentVersion: string | null;
  /** From the kiosk OS's heartbeat; null for a hand-installed agent or before its first beat. */
  system: SystemState | null;
  /** The machines that served as this post, the current one first. */
  machines: Omit<KioskMachineRow, "kioskId">[];
};
export type RoomTomorrow = {
  roomId: string;
  roomName: string;
  siteName: string;
  sessions: {
    title: string;
    startsAt: Date;
    master: { name: string; version: string } | null;
    enrolled: number;
  }[];
  readiness: RoomReadiness;
};
export type FleetHistoryPoint = { at: Date; healthy: number; degraded: number; silent: number };

/** Everything `/dsi/parc` shows: each post's state, tomorrow's rooms, and the last 24 hours. */
export async function getFleetHealth(db: Db, input: { actor: Actor; now: Date }) {
  assertItAdmin(input.actor);
  const { now } = input;
  const [rows, places] = await Promise.all([listFleetKiosks(db), listSitesAndRooms(db)]);
  const machines = new Map<string, FleetPost["machines"]>();
  for (const { kioskId, ...machine } of await listKioskMachines(
    db,
    rows.map((k) => k.id),
  )) {
    machines.set(kioskId, [...(machines.get(kioskId) ?? []), machine]);
  }
  const posts: FleetPost[] = rows.map((k) => {
    const inv = storedInventory(k);
    const snapshot = snapshotOf(k);
    return {
      id: k.id,
      label: k.label,
      roomName: k.roomName,
      siteName: k.siteName,
      status: kioskStatus(snapshot, now),
      warnings: kioskWarningsOf(snapshot),
      lastSeenAt: k.lastSeenAt,
      accelerator: k.accelerator,
      acceleratorReason: inv.acceleratorReason ?? null,
      diskFreeBytes: snapshot.diskFreeBytes,
      masters: inv.masters,
      outboxDepth: k.outboxDepth,
      agentVersion: k.agentVersion,
      system: inv.system ?? null,
      machines: machines.get(k.id) ?? [],
    };
  });
  const tomorrow = await roomsTomorrow(db, rows, places, now);
  const active = posts.filter((p) => !["unregistered", "revoked"].includes(p.status)).length;
  return {
    thresholds: fleetThresholds,
    counts: countByStatus(posts.map((p) => p.status)),
    warned: posts.filter((p) => p.warnings.length > 0).length,
    posts,
    tomorrow,
    history: await history(db, now, active),
  };
}

/** The rooms with sessions tomorrow (in each site's zone), and whether their posts are ready. */
export async function roomsTomorrow(
  db: Db,
  rows: Awaited<ReturnType<typeof listFleetKiosks>>,
  places: Awaited<ReturnType<typeof listSitesAndRooms>>,
  now: Date,
): Promise<RoomTomorrow[]> {
  // Tomorrow is a local notion: read it in each site's zone (usually one zone for all).
  const zones = [...new Set(places.map((p) => p.timezone))];
  const windows = new Map(
    zones.map((tz) => {
      const day = addDays(localDate(now, tz), 1);
      return [tz, { from: startOfLocalDay(day, tz), to: startOfLocalDay(addDays(day, 1), tz) }] as const;
    }),
  );
  const from = new Date(Math.min(...[...windows.values()].map((w) => w.from.getTime())));
  const to = new Date(Math.max(...[...windows.values()].map((w) => w.to.getTime())));
  const sessions = zones.length ? await findRoomSessionsBetween(db, from, to) : [];
  const result: RoomTomorrow[] = [];
  for (const place of places) {
    if (!place.roomId || !place.roomName) continue;
    const w = windows.get(place.timezone)!;
    const mine = sessions.filter(
      (s) => s.roomId === place.roomId && s.startsAt >= w.from && s.startsAt < w.to,
    );
    if (mine.length === 0) continue;
    const posts = rows
      .filter((k) => k.roomId === place.roomId)
      .map((k) => ({ ...k, masters: storedInventory(k).masters }));
    result.push({
      roomId: place.roomId,
      roomName: place.roomName,
      siteName: place.siteName,
      sessions: mine.map((s) => ({
        title: s.title,
        startsAt: s.startsAt,
        master: s.master,
        enrolled: s.enrolled,
      })),
      readiness: roomReadiness(mine, posts, now),
    });
  }
  return result;
}

/** 24 hourly points: posts heard from and healthy, heard from with a problem, and silent. */
async function history(db: Db, now: Date, active: number): Promise<FleetHistoryPoint[]> {
  const hour = 3600_000;
  const since = new Date(Math.floor(now.getTime() / hour) * hour - 23 * hour);
  const buckets = await fleetHistory(db, {
    since,
    bucketMinutes: 60,
    lowDiskBytes: fleetThresholds.lowDiskBytes,
  });
  const byTime = new Map(buckets.map((b) => [b.at.getTime(), b]));
  return Array.from({ length: 24 }, (_, i) => {
    const at = new Date(since.getTime() + i * hour);
    const b = byTime.get(at.getTime());
    const seen = b?.seen ?? 0;
    const degraded = b?.degraded ?? 0;
    return { at, healthy: seen - degraded, degraded, silent: Math.max(0, active - seen) };
  });
}
