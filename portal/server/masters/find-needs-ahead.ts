import "server-only";
import type { Db } from "@tremplin/db/client";
import { findRoomNeeds, type RoomNeed } from "@tremplin/db/queries/masters";
import { addDays, localDate, startOfLocalDay } from "@tremplin/domain/calendar";

/**
 * What a site's rooms (or one room) need from `now` to the end of the local day `days` ahead, in
 * the place's own time zone: sessions' masters and rollouts alike (`findRoomNeeds`).
 */
export function findNeedsAhead(
  db: Db,
  input: { place: { siteId: string } | { roomId: string }; now: Date; timeZone: string; days: number },
): Promise<RoomNeed[]> {
  const today = localDate(input.now, input.timeZone);
  const lastDay = addDays(today, input.days);
  return findRoomNeeds(db, {
    ...input.place,
    from: input.now,
    to: startOfLocalDay(lastDay, input.timeZone),
    fromDate: today,
    toDate: lastDay,
  });
}
