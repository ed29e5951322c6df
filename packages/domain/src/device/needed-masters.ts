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
