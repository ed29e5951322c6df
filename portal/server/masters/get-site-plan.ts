import "server-only";
import type { Db } from "@tremplin/db/client";
import type { DeviceIdentity } from "@tremplin/db/queries/devices";
import { getSiteOfRoom } from "@tremplin/db/queries/masters";
import { neededMasters, type SitePlanResponse } from "@tremplin/domain/device";
import { z } from "zod";
import { findNeedsAhead } from "./find-needs-ahead";

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
  const needs = await findNeedsAhead(db, {
    place: { siteId: site.id },
    now,
    timeZone: site.timezone,
    days: query.days,
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
