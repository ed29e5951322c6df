import "server-only";
import { listSitesAndRooms } from "@tremplin/db/queries/fleet";
import { findSyncProblems, listRollouts } from "@tremplin/db/queries/masters";
import { defaultTimeZone, localDate } from "@tremplin/domain/calendar";
import { listVersions } from "@tremplin/image-format/maintain-store";
import { requirePageUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { versionsInUse } from "./collect-store-garbage";
import { getNightOutlook } from "./get-night-outlook";
import { portalMastersStore } from "./masters-store";

/**
 * IT's masters page: the store's versions (and whether something still uses them), the rooms,
 * the rollouts to come, each site's night, and the posts that refused or failed a version.
 */
export async function loadMastersPage() {
  await requirePageUser("/dsi/masters", "it_admin");
  const now = new Date();
  const db = await getDb();
  const store = portalMastersStore();
  const rooms = (await listSitesAndRooms(db)).flatMap((r) =>
    r.roomId && r.roomName ? [{ id: r.roomId, label: `${r.siteName} · ${r.roomName}` }] : [],
  );
  const inUse = new Set((await versionsInUse(db, now)).map((v) => `${v.name}@${v.version}`));
  return {
    now,
    today: localDate(now, defaultTimeZone),
    versions: (await listVersions(store)).map((v) => ({
      name: v.name,
      version: v.version,
      created: v.created,
      storedBytes: v.storedBytes + v.indexBytes,
      isInUse: inUse.has(`${v.name}@${v.version}`),
    })),
    rooms,
    rollouts: await listRollouts(db, { today: localDate(now, defaultTimeZone) }),
    nights: await getNightOutlook(db, store, now),
    problems: await findSyncProblems(db),
  };
}
