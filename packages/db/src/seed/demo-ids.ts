import { createHash } from "node:crypto";

/**
 * Demo rows get ids derived from their natural key (`session:ALB-S1:2026-11-23:am`), so that a
 * second seeding inserts the very same ids and `on conflict do nothing` leaves everything as it
 * was. The digest is shaped as an RFC 9562 version-8 (custom) UUID.
 */
export function demoId(key: string): string {
  const h = createHash("sha256").update(`tremplin-demo:${key}`).digest("hex").slice(0, 32).split("");
  h[12] = "8";
  h[16] = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A stable pseudo-random number in [0, 1) for a key: the same demo every time, yet varied. */
export function demoRandom(key: string): number {
  return createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;
}
