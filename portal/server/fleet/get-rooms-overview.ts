import "server-only";
import type { Db } from "@tremplin/db/client";
import { isCodePending, listFleetKiosks, listSitesAndRooms } from "@tremplin/db/queries/fleet";
import { type KioskStatus, kioskStatus } from "@tremplin/domain/fleet";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { snapshotOf } from "./kiosk-snapshot";

export type RoomsOverviewKiosk = {
  id: string;
  label: string;
  status: KioskStatus;
  registeredAt: Date | null;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  codePendingUntil: Date | null;
};
export type RoomsOverviewRoom = {
  id: string;
  name: string;
  capacity: number;
  kiosks: RoomsOverviewKiosk[];
  /** What the "add a post" form proposes: the next number after the room's highest label. */
  suggestedLabel: string;
};
export type RoomsOverviewSite = { id: string; name: string; city: string; rooms: RoomsOverviewRoom[] };

/** Sites, their rooms and posts, with each post's registration state: the `/dsi/salles` page. */
export async function getRoomsOverview(
  db: Db,
  input: { actor: Actor; now: Date },
): Promise<RoomsOverviewSite[]> {
  assertItAdmin(input.actor);
  const [places, posts] = await Promise.all([listSitesAndRooms(db), listFleetKiosks(db)]);
  const byRoom = new Map<string, RoomsOverviewKiosk[]>();
  for (const k of posts) {
    const list = byRoom.get(k.roomId) ?? [];
    list.push({
      id: k.id,
      label: k.label,
      status: kioskStatus(snapshotOf(k), input.now),
      registeredAt: k.registeredAt,
      revokedAt: k.revokedAt,
      lastSeenAt: k.lastSeenAt,
      codePendingUntil: isCodePending(k.codeExpiresAt, input.now) ? k.codeExpiresAt : null,
    });
    byRoom.set(k.roomId, list);
  }
  const sites = new Map<string, RoomsOverviewSite>();
  for (const p of places) {
    const site = sites.get(p.siteId) ?? { id: p.siteId, name: p.siteName, city: p.city, rooms: [] };
    sites.set(p.siteId, site);
    if (!p.roomId || !p.roomName) continue;
    const kiosks = byRoom.get(p.roomId) ?? [];
    site.rooms.push({
      id: p.roomId,
      name: p.roomName,
      capacity: p.capacity ?? 0,
      kiosks,
      suggestedLabel: nextLabel(kiosks.map((k) => k.label)),
    });
  }
  return [...sites.values()];
}

/** `ALB-S1-P12` → `ALB-S1-P13`, keeping the zero padding; `P01` for an empty room. */
export function nextLabel(labels: string[]): string {
  let best: { prefix: string; n: number; width: number } | undefined;
  for (const label of labels) {
    const m = /^(.*?)(\d+)$/.exec(label);
    if (m && (!best || Number(m[2]) > best.n)) best = { prefix: m[1]!, n: Number(m[2]), width: m[2]!.length };
  }
  if (!best) return "P01";
  return `${best.prefix}${String(best.n + 1).padStart(best.width, "0")}`;
}
