import type { MasterRef } from "../device/common";
import { count } from "../french/elision";
import { type FleetThresholds, fleetThresholds } from "./health";

export type ReadinessSession = {
  id: string;
  title: string;
  startsAt: Date;
  master: MasterRef | null;
  enrolled: number;
};

export type ReadinessPost = {
  label: string;
  registeredAt: Date | null;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  masters: (MasterRef & { verified: boolean })[];
};

export type RoomReadiness = {
  state: "ready" | "partial" | "not_ready" | "no_session";
  readyPosts: number;
  /** Registered, non-revoked posts: the ones that could serve. */
  activePosts: number;
  /** Plain French reasons, most serious first, for the fleet page. */
  reasons: string[];
};

const key = (m: MasterRef) => `${m.name}@${m.version}`;

/**
 * Is a room ready for the sessions it hosts on a given day? A post is ready when it was heard
 * from recently enough and reported every master those sessions boot, verified. A session with
 * no master chosen, or more learners than ready posts, keeps the room from being ready.
 */
export function roomReadiness(
  sessions: ReadinessSession[],
  posts: ReadinessPost[],
  now: Date,
  t: FleetThresholds = fleetThresholds,
): RoomReadiness {
  const active = posts.filter((p) => p.registeredAt && !p.revokedAt);
  if (sessions.length === 0) {
    return { state: "no_session", readyPosts: 0, activePosts: active.length, reasons: [] };
  }
  const reasons: string[] = [];
  const needed = new Map<string, MasterRef>();
  for (const s of sessions) {
    if (s.master) needed.set(key(s.master), s.master);
    else reasons.push(`Aucun master choisi pour « ${s.title} ».`);
  }
  const ready = active.filter((p) => isPostReady(p, [...needed.values()], now, t));
  for (const master of needed.values()) {
    const missing = active.filter((p) => !hasVerified(p, master)).length;
    if (missing > 0)
      reasons.push(`${master.name} ${master.version} absent ou non vérifié sur ${count(missing, "poste")}.`);
  }
  const silent = active.filter((p) => !isRecent(p, now, t)).length;
  if (silent > 0) reasons.push(`${count(silent, "poste")} sans nouvelles depuis plus de 24 h.`);
  if (active.length === 0) reasons.push("Aucun poste enregistré dans la salle.");
  const seatsNeeded = Math.max(...sessions.map((s) => s.enrolled));
  if (seatsNeeded > ready.length)
    reasons.push(
      `${count(seatsNeeded, "inscrit")} pour ${count(ready.length, "poste prêt", "postes prêts")}.`,
    );
  const isBlocked = sessions.some((s) => !s.master) || ready.length === 0;
  const state = reasons.length === 0 ? "ready" : isBlocked ? "not_ready" : "partial";
  return { state, readyPosts: ready.length, activePosts: active.length, reasons };
}

function isRecent(p: ReadinessPost, now: Date, t: FleetThresholds): boolean {
  return p.lastSeenAt !== null && now.getTime() - p.lastSeenAt.getTime() < t.readinessMaxSilenceMs;
}

function hasVerified(p: ReadinessPost, m: MasterRef): boolean {
  return p.masters.some((x) => x.verified && x.name === m.name && x.version === m.version);
}

function isPostReady(p: ReadinessPost, needed: MasterRef[], now: Date, t: FleetThresholds): boolean {
  return isRecent(p, now, t) && needed.every((m) => hasVerified(p, m));
}
