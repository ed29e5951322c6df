import "server-only";
import type { Db } from "@tremplin/db/client";
import { findSiteVerifiedVersions, listSites } from "@tremplin/db/queries/masters";
import { neededMasters, nightWindowAt } from "@tremplin/domain/device";
import { isAppError } from "@tremplin/domain/errors";
import { loadManifest } from "@tremplin/image-format/index-parts";
import { distinctChunks } from "@tremplin/image-format/manifest";
import type { MasterStore } from "@tremplin/image-format/master-store";
import { findNeedsAhead } from "./find-needs-ahead";
import { nightCapacity, type SiteNight, wanBytes } from "./night-outlook";
import { readStoreHeader } from "./read-store-header";

/** Days ahead IT looks at: the same span the posts and relays fetch for. */
const lookaheadDays = 3;

/**
 * Per site, before the night: the versions its rooms need in the coming days, the bytes that
 * must cross its WAN link for them, and whether they fit in the window at the site's cap.
 */
export async function getNightOutlook(db: Db, store: MasterStore, now: Date): Promise<SiteNight[]> {
  const chunksOf = memoChunks(store);
  const nights: SiteNight[] = [];
  for (const site of await listSites(db)) {
    const needs = await findNeedsAhead(db, {
      place: { siteId: site.id },
      now,
      timeZone: site.timezone,
      days: lookaheadDays,
    });
    const versions = [];
    const needed: Map<string, number>[] = [];
    for (const need of neededMasters(needs, site.timezone)) {
      const chunks = await chunksOf(need.name, need.version);
      if (chunks) needed.push(chunks);
      versions.push({ ...need, isInStore: chunks !== undefined });
    }
    const held: Map<string, number>[] = [];
    for (const v of await findSiteVerifiedVersions(db, site.id)) {
      const chunks = await chunksOf(v.name, v.version);
      if (chunks) held.push(chunks);
    }
    const window = nightWindowAt(
      now,
      { start: site.nightWindowStart, end: site.nightWindowEnd },
      site.timezone,
    );
    const bytes = wanBytes(needed, held);
    const { capacityBytes } = nightCapacity(window, site.wanCapMbps, now);
    nights.push({
      siteId: site.id,
      siteName: site.name,
      window,
      capMbps: site.wanCapMbps,
      capacityBytes,
      wanBytes: bytes,
      fits: capacityBytes === null || bytes <= capacityBytes,
      versions,
    });
  }
  return nights;
}

/** Chunks (with stored sizes and index parts) of a version in the store, read once per call. */
function memoChunks(store: MasterStore) {
  const seen = new Map<string, Promise<Map<string, number> | undefined>>();
  return (name: string, version: string) => {
    const key = `${name}@${version}`;
    let found = seen.get(key);
    if (!found) {
      found = (async () => {
        try {
          const header = await readStoreHeader(store, name, version);
          const manifest = await loadManifest(header, ([sha256, length]) => store.readChunk(sha256, length));
          const chunks = distinctChunks(manifest);
          for (const [sha256, , size] of header.index.parts) chunks.set(sha256, size);
          return chunks;
        } catch (error) {
          if (isAppError(error) && (error.code === "not_found" || error.code === "invalid_input"))
            return undefined;
          throw error;
        }
      })();
      seen.set(key, found);
    }
    return found;
  };
}
