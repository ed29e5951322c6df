import { z } from "zod";
import { instantSchema, masterRefSchema } from "./common";

/**
 * How masters travel (docs/masters-distribution.md): the portal, a site's relay and any plain
 * HTTP cache answer the same two read-only routes; kiosks and relays also read which versions
 * their rooms need, and when. Chunks are immutable and named by the SHA-256 of their bytes, so
 * every answer about a chunk may be cached forever.
 */
export const masterApiPaths = {
  manifest: (name: string, version: string) =>
    `/api/v1/masters/${encodeURIComponent(name)}/${encodeURIComponent(version)}/manifest`,
  chunk: (sha256: string) => `/api/v1/chunks/${sha256}`,
  /** What the posts of the caller's site need in the coming days (relays). */
  sitePlan: "/api/v1/kiosks/me/site-masters",
} as const;

export const chunkHashSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "attendu : l'empreinte SHA-256 du bloc, 64 chiffres hexadécimaux minuscules");

/** Headers of a chunk answer: cacheable forever, its strong ETag its name. */
export function immutableChunkHeaders(sha256: string): Record<string, string> {
  return {
    "cache-control": "public, max-age=31536000, immutable",
    etag: `"${sha256}"`,
    "accept-ranges": "bytes",
    "content-type": "application/zstd",
  };
}

export type ByteRange =
  | { kind: "whole" }
  | { kind: "part"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * A `Range` header against a body of `size` bytes (RFC 9110 §14.1.2). One range is answered
 * (`bytes=a-b`, `bytes=a-`, `bytes=-n`); a list of ranges or another unit is answered whole,
 * which §14.2 allows. `end` is inclusive, as in `Content-Range`.
 */
export function parseByteRange(header: string | null, size: number): ByteRange {
  if (!header) return { kind: "whole" };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return { kind: "whole" };
  const [first, last] = [match[1] as string, match[2] as string];
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "part", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: "whole" };
  return { kind: "part", start, end };
}

export type ChunkAnswer = {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  /** The bytes to send, end exclusive; absent for 304 and 416. */
  body?: { start: number; end: number };
};

/**
 * How any server of the chunk route (portal, relay) answers a GET for a chunk it holds, of
 * `size` stored bytes: 304 when the client's `If-None-Match` names it, else the whole file or
 * the one range asked for (206), or 416 with `Content-Range: bytes *\/size` past its end.
 */
export function chunkAnswer(
  sha256: string,
  size: number,
  request: { range: string | null; ifNoneMatch: string | null },
): ChunkAnswer {
  const headers = immutableChunkHeaders(sha256);
  const tags = (request.ifNoneMatch ?? "").split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (tags.includes(headers.etag as string) || tags.includes("*")) return { status: 304, headers };
  const range = parseByteRange(request.range, size);
  if (range.kind === "unsatisfiable") {
    return { status: 416, headers: { ...headers, "content-range": `bytes */${size}` } };
  }
  if (range.kind === "whole") {
    return {
      status: 200,
      headers: { ...headers, "content-length": String(size) },
      body: { start: 0, end: size },
    };
  }
  return {
    status: 206,
    headers: {
      ...headers,
      "content-length": String(range.end - range.start + 1),
      "content-range": `bytes ${range.start}-${range.end}/${size}`,
    },
    body: { start: range.start, end: range.end + 1 },
  };
}

/** One version the posts of a room (or a site) must hold, and the moment they need it by. */
export const neededMasterSchema = masterRefSchema.extend({
  neededBy: instantSchema,
  /** Rooms that need it (names), for people reading logs. */
  rooms: z.array(z.string()),
});
export type NeededMaster = z.infer<typeof neededMasterSchema>;

/** `GET /api/v1/kiosks/me/site-masters?days=N`: what a site's relay prefetches at night. */
export const sitePlanResponseSchema = z.object({
  site: z.object({
    id: z.uuid(),
    name: z.string(),
    timezone: z.string().min(1),
    /** "HH:MM" in the site's time zone; the end may be on the next day. */
    nightWindow: z.object({ start: z.string(), end: z.string() }),
    wanCapMbps: z.number().int().positive().nullable(),
  }),
  generatedAt: instantSchema,
  masters: z.array(neededMasterSchema),
});
export type SitePlanResponse = z.infer<typeof sitePlanResponseSchema>;

/** Where a post stands with one master version (heartbeat, fleet page). */
export const masterSyncStates = ["waiting", "fetching", "verified", "active", "refused", "failed"] as const;
export const masterSyncSchema = masterRefSchema.extend({
  state: z.enum(masterSyncStates),
  /** Stored bytes still to fetch (0 once every chunk is on the post). */
  bytesMissing: z.number().int().nonnegative(),
  /** Stored bytes of the version's distinct chunks. */
  bytesTotal: z.number().int().nonnegative(),
  /** Why it was refused or failed, in French, for IT. */
  problem: z.string().max(1000).optional(),
  updatedAt: instantSchema,
});
export type MasterSync = z.infer<typeof masterSyncSchema>;
