import "server-only";
import type { Db } from "@tremplin/db/client";
import type { DeviceIdentity } from "@tremplin/db/queries/devices";
import { findRoomNeeds, getSiteOfRoom } from "@tremplin/db/queries/masters";
import { addDays, localDate, startOfLocalDay } from "@tremplin/domain/calendar";
import { neededMasters, type SitePlanResponse } from "@tremplin/domain/device";
import { z } from "zod";

export const sitePlanQuerySchema = z.object({
  days: z.coerce.number().int().min(1, "au moins 1 jour").max(30, "30 jours au plus").default(3),
});

/**
 * What the posts of the caller's site need from now to the end of the `days`-th site day:
 * the plan a relay prefetches at night, with the site's window and cap. The device names no
 * site: it is the one its room belongs to.
 */
export async function getSitePlan(
  db: Db,
  device: DeviceIdentity,
  query: z.infer<typeof sitePlanQuerySchema>,
  now: Date,
): Promise<SitePlanResponse> {
  const site = await getSiteOfRoom(db, device.roomId);
  const today = localDate(now, site.timezone);
  const lastDay = addDays(today, query.days);
  const needs = await findRoomNeeds(db, {
    siteId: site.id,
    from: now,
    to: startOfLocalDay(lastDay, site.timezone),
    fromDate: today,
    toDate: lastDay,
  });
  return {
    site: {
      id: site.id,
      name: site.name,
      timezone: site.timezone,
      nightWindow: { start: site.nightWindowStart, end: site.nightWindowEnd },
      wanCapMbps: site.wanCapMbps,
    },
    generatedAt: now.toISOString(),
    masters: neededMasters(needs, site.timezone),
  };
}
