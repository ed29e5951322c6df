import type { NeededMaster, WindowSpan } from "@tremplin/domain/device";
import { windowCapacityBytes } from "@tremplin/domain/device";

export type SiteNight = {
  siteId: string;
  siteName: string;
  /** The window open now, or the next one. */
  window: WindowSpan;
  capMbps: number | null;
  /** What the (rest of the) window carries at the cap; null without a cap. */
  capacityBytes: number | null;
  /** Stored bytes of the needed versions' chunks that no post of the site holds yet. */
  wanBytes: number;
  fits: boolean;
  versions: (NeededMaster & { isInStore: boolean })[];
};

/**
 * Bytes that must cross the WAN for a site: each chunk of the needed versions once, minus the
 * chunks of versions its posts already report verified (the relay has served those, or posts
 * lend them to each other's versions). An estimate from above: the relay may hold more.
 */
export function wanBytes(
  needed: readonly Map<string, number>[],
  held: readonly Map<string, number>[],
): number {
  const heldHashes = new Set(held.flatMap((m) => [...m.keys()]));
  const counted = new Map<string, number>();
  for (const chunks of needed) {
    for (const [sha256, size] of chunks) if (!heldHashes.has(sha256)) counted.set(sha256, size);
  }
  return [...counted.values()].reduce((a, b) => a + b, 0);
}

/** Whether `bytes` fit in what is left of `window` at `capMbps`. */
export function nightCapacity(
  window: WindowSpan,
  capMbps: number | null,
  now: Date,
): { capacityBytes: number | null } {
  if (capMbps === null) return { capacityBytes: null };
  const start = window.isOpen ? now : window.start;
  return { capacityBytes: windowCapacityBytes({ start, end: window.end }, capMbps) };
}
