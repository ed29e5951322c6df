import { z } from "zod";
import { chunkerParamsSchema } from "./fastcdc";
import { segmentSchema, sha256HexSchema, vmHintsSchema } from "./master-info";

/**
 * A master version: what it is (name, version, OS, VM hints), the SHA-256 of the whole virtual
 * disk (what the guest sees, as `qemu-img convert -O raw` writes it), and how to rebuild that
 * disk: an ordered index of chunks, each named by the SHA-256 of its bytes, and holes (runs of
 * zeros, never stored). Chunks and holes together cover [0, virtualSize) exactly.
 *
 * Two forms (docs/image-format.md): the `ManifestHeader` is what is signed and stored as JSON;
 * it names the index by its parts (index-parts.ts), which are stored like chunks so that a
 * client fetches only the parts that changed since the version it has. `Manifest` is the whole
 * thing once the parts are read: what publishers, verifiers and the assembly work with.
 */
export const manifestFormat = "tremplin-master/1";

const offsetSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const lengthSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** [offset, length, sha256 of the uncompressed bytes, length of the zstd file in the store]. */
export const chunkEntrySchema = z.tuple([offsetSchema, lengthSchema, sha256HexSchema, lengthSchema]);
/** [offset, length]: zeros the guest reads but nobody stores or sends. */
export const holeEntrySchema = z.tuple([offsetSchema, lengthSchema]);
export type ChunkEntry = z.infer<typeof chunkEntrySchema>;
export type HoleEntry = z.infer<typeof holeEntrySchema>;

const describedFields = {
  format: z.literal(manifestFormat),
  name: segmentSchema,
  version: segmentSchema,
  os: z.enum(["linux", "windows", "other"]),
  description: z.string().max(500).optional(),
  created: z.iso.datetime({ offset: true }),
  virtualSize: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  sha256: sha256HexSchema,
  hints: vmHintsSchema,
  chunker: z.object({ algorithm: z.literal("fastcdc-gear32-nc1"), ...chunkerParamsSchema.shape }),
  compression: z.literal("zstd"),
};

/** [sha256 of the part's text, its length, length of its zstd file in the store]. */
export const indexPartSchema = z.tuple([sha256HexSchema, lengthSchema, lengthSchema]);
export type IndexPart = z.infer<typeof indexPartSchema>;

export const manifestHeaderSchema = z.object({
  ...describedFields,
  index: z.object({ parts: z.array(indexPartSchema).min(1) }),
});
export type ManifestHeader = z.infer<typeof manifestHeaderSchema>;

export const manifestSchema = z
  .object({
    ...describedFields,
    chunks: z.array(chunkEntrySchema),
    holes: z.array(holeEntrySchema),
  })
  .superRefine((m, ctx) => {
    const problem = coverageProblem(m);
    if (problem) ctx.addIssue({ code: "custom", path: ["chunks"], message: problem });
  });
export type Manifest = z.infer<typeof manifestSchema>;

export type Extent =
  | { kind: "chunk"; offset: number; length: number; sha256: string; compressedLength: number }
  | { kind: "hole"; offset: number; length: number };

/** Chunks and holes in disk order. */
export function extentsOf(manifest: Pick<Manifest, "chunks" | "holes">): Extent[] {
  const extents: Extent[] = [
    ...manifest.chunks.map(
      ([offset, length, sha256, compressedLength]): Extent => ({
        kind: "chunk",
        offset,
        length,
        sha256,
        compressedLength,
      }),
    ),
    ...manifest.holes.map(([offset, length]): Extent => ({ kind: "hole", offset, length })),
  ];
  return extents.sort((a, b) => a.offset - b.offset);
}

/** Why the index does not tile the disk, or undefined when it does. */
function coverageProblem(m: Pick<Manifest, "chunks" | "holes" | "virtualSize">): string | undefined {
  let end = 0;
  for (const extent of extentsOf(m)) {
    if (extent.offset !== end) {
      return extent.offset < end
        ? `l'index se chevauche à l'octet ${extent.offset}`
        : `l'index a un trou non déclaré de ${end} à ${extent.offset}`;
    }
    end += extent.length;
  }
  return end === m.virtualSize ? undefined : `l'index couvre ${end} octets, le disque en a ${m.virtualSize}`;
}

/** Each distinct chunk once, with its stored size: what a client may have to fetch. */
export function distinctChunks(manifest: Pick<Manifest, "chunks">): Map<string, number> {
  const chunks = new Map<string, number>();
  for (const [, , sha256, compressedLength] of manifest.chunks) chunks.set(sha256, compressedLength);
  return chunks;
}

/**
 * The signed form: JSON with object keys sorted at every level and no whitespace (RFC 8785's
 * rules for the values a manifest holds: strings, integers, booleans, arrays, objects). The
 * signature covers these bytes, so any reader can recompute them from the parsed JSON.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError("nombre non fini");
  return JSON.stringify(value);
}
