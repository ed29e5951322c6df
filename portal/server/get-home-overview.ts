import "server-only";
import { getOverview } from "@tremplin/db/queries/overview";
import { getDb } from "@/server/db";

/** The home page's headline figures: catalogue size, sessions in the coming week, sites. */
export async function getHomeOverview(now: Date) {
  return getOverview(await getDb(), now);
}
