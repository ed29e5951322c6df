import { startOfLocalDay } from "../calendar/local-time";
import type { NeededMaster } from "./masters";

export type NeedSource = {
  roomName: string;
  name: string;
  version: string;
  source: { kind: "session"; startsAt: Date } | { kind: "rollout"; startsOn: string };
};

/**
 * One line per version, needed by the earliest moment any room needs it: a session's start,
 * or the site midnight that opens a rollout's first day. Soonest first: that is the order a
 * relay fetches in when the night is too short for everything.
 */
export function neededMasters(needs: readonly NeedSource[], timeZone: string): NeededMaster[] {
  const byVersion = new Map<string, { neededBy: Date; rooms: Set<string>; name: string; version: string }>();
  for (const need of needs) {
    const at =
      need.source.kind === "session" ? need.source.startsAt : startOfLocalDay(need.source.startsOn, timeZone);
    const key = `${need.name}@${need.version}`;
    const line = byVersion.get(key);
    if (!line) {
      byVersion.set(key, {
        name: need.name,
        version: need.version,
        neededBy: at,
        rooms: new Set([need.roomName]),
      });
      continue;
    }
    if (at < line.neededBy) line.neededBy = at;
    line.rooms.add(need.roomName);
  }
  return [...byVersion.values()]
    .sort((a, b) => a.neededBy.getTime() - b.neededBy.getTime() || a.name.localeCompare(b.name))
    .map((l) => ({
      name: l.name,
      version: l.version,
      neededBy: l.neededBy.toISOString(),
      rooms: [...l.rooms].sort((a, b) => a.localeCompare(b)),
    }));
}

/** How long before a version is needed the whole room gets it even if its pilot has not: one night. */
export const pilotFallbackMs = 12 * 3_600_000;

/**
 * Staged rollout (relay, then one pilot post, then the room): the room's pilot is offered every
 * version at once; the other posts only once the pilot reports it verified by hash, or anyway
 * within `pilotFallbackMs` of when it is needed, so that a dead pilot never keeps a room from
 * its master. The relay goes first by itself: posts fetch through it.
 */
export function stageForPost(
  needed: readonly NeededMaster[],
  post: { isPilot: boolean; pilotVerified: ReadonlySet<string>; now: Date },
): NeededMaster[] {
  if (post.isPilot) return [...needed];
  return needed.filter(
    (m) =>
      post.pilotVerified.has(`${m.name}@${m.version}`) ||
      new Date(m.neededBy).getTime() - post.now.getTime() <= pilotFallbackMs,
  );
}
