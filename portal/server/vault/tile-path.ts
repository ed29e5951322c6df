// C2SP tlog-tiles resource paths (`tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`) and entry
// bundles. Pure.
import { maxEntryBytes } from "./entry";

export const tileWidth = 256;

export type TileRef = { level: number | "entries"; index: number; width: number };

/** Index 1234067 → `x001/x234/067`: 3-digit groups, every group but the last prefixed with x. */
export function encodeTileIndex(index: number): string {
  const digits = String(index);
  const padded = digits.padStart(Math.ceil(digits.length / 3) * 3, "0");
  const groups = padded.match(/.{3}/g)!;
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join("/");
}

export function tilePath(tile: TileRef): string {
  const suffix = tile.width === tileWidth ? "" : `.p/${tile.width}`;
  return `tile/${tile.level}/${encodeTileIndex(tile.index)}${suffix}`;
}

/**
 * Parses the segments after `tile/`; undefined for anything the spec does not allow (leading
 * zeros, level over 63, width 0 or 256 as a partial tile, a group without its x).
 */
export function parseTilePath(segments: readonly string[]): TileRef | undefined {
  const [first, ...rest] = segments;
  let level: TileRef["level"];
  if (first === "entries") level = "entries";
  else if (first !== undefined && /^(0|[1-9][0-9]?)$/.test(first) && Number(first) <= 63)
    level = Number(first);
  else return undefined;
  let width = tileWidth;
  const last = rest.at(-1);
  const partial = rest.at(-2)?.endsWith(".p") ? last : undefined;
  const groups = partial === undefined ? rest : [...rest.slice(0, -2), rest.at(-2)!.slice(0, -2)];
  if (partial !== undefined) {
    if (!/^[1-9][0-9]{0,2}$/.test(partial) || Number(partial) > 255) return undefined;
    width = Number(partial);
  }
  if (groups.length === 0 || groups.length > 6) return undefined;
  const isWellFormed = groups.every((g, i) => (i < groups.length - 1 ? /^x[0-9]{3}$/ : /^[0-9]{3}$/).test(g));
  if (!isWellFormed) return undefined;
  const index = Number(groups.map((g) => g.replace("x", "")).join(""));
  if (!Number.isSafeInteger(index) || encodeTileIndex(index) !== groups.join("/")) return undefined;
  return { level, index, width };
}

/** An entry bundle: each entry as a big-endian uint16 length, then its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  const out = Buffer.alloc(entries.reduce((n, e) => n + 2 + e.length, 0));
  let offset = 0;
  for (const entry of entries) {
    if (entry.length > maxEntryBytes) throw new Error("entrée trop longue pour un paquet");
    out.writeUInt16BE(entry.length, offset);
    out.set(entry, offset + 2);
    offset += 2 + entry.length;
  }
  return new Uint8Array(out);
}

export function decodeEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  const view = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.length);
  for (let offset = 0; offset < view.length; ) {
    if (offset + 2 > view.length) throw new Error("paquet d'entrées tronqué");
    const length = view.readUInt16BE(offset);
    if (offset + 2 + length > view.length) throw new Error("paquet d'entrées tronqué");
    entries.push(new Uint8Array(view.subarray(offset + 2, offset + 2 + length)));
    offset += 2 + length;
  }
  return entries;
}
