import { AppError } from "@tremplin/domain/errors";
import {
  type ChunkEntry,
  type HoleEntry,
  type IndexPart,
  type Manifest,
  type ManifestHeader,
  manifestSchema,
} from "./manifest";

/**
 * The chunk index as text, one line per extent in disk order, without offsets (they follow from
 * the lengths, so an insertion does not rewrite every line after it):
 *   c <length> <sha256> <compressed length>
 *   h <length>
 * cut into parts after each chunk line whose hash starts with a byte below 4 (one line in 64,
 * about 5 KB a part; at most 1024 lines). Where two versions share a run of chunks they share
 * the parts that list them, and a client that has one version's parts fetches only the parts
 * around the edits: the index of a 60 GB master crosses the WAN once, not every night.
 */
const maxLinesPerPart = 1024;

export function encodeIndex(manifest: Pick<Manifest, "chunks" | "holes">): Buffer[] {
  const byOffset = [
    ...manifest.chunks.map((c) => ({
      offset: c[0],
      line: `c ${c[1]} ${c[2]} ${c[3]}\n`,
      cut: isCutHash(c[2]),
    })),
    ...manifest.holes.map((h) => ({ offset: h[0], line: `h ${h[1]}\n`, cut: false })),
  ].sort((a, b) => a.offset - b.offset);
  const parts: Buffer[] = [];
  let lines: string[] = [];
  for (const { line, cut } of byOffset) {
    lines.push(line);
    if (cut || lines.length >= maxLinesPerPart) {
      parts.push(Buffer.from(lines.join("")));
      lines = [];
    }
  }
  if (lines.length > 0 || parts.length === 0) parts.push(Buffer.from(lines.join("")));
  return parts;
}

function isCutHash(sha256: string): boolean {
  return Number.parseInt(sha256.slice(0, 2), 16) < 4;
}

/** Reads one part's text, already checked against its hash (store or fetch + `checkChunk`). */
export type ReadIndexPart = (part: IndexPart) => Promise<Buffer>;

/**
 * The whole manifest from its verified header and its parts. Every line is parsed strictly and
 * the result checked like any manifest (chunks and holes tile the disk).
 */
export async function loadManifest(header: ManifestHeader, readPart: ReadIndexPart): Promise<Manifest> {
  const chunks: ChunkEntry[] = [];
  const holes: HoleEntry[] = [];
  let offset = 0;
  for (const [p, part] of header.index.parts.entries()) {
    const lines = (await readPart(part)).toString("utf8").split("\n");
    if (lines.pop() !== "") throw badLine(p, lines.length, "la partie ne finit pas par une fin de ligne");
    for (const [l, line] of lines.entries()) {
      const chunk = /^c ([1-9][0-9]*) ([0-9a-f]{64}) ([1-9][0-9]*)$/.exec(line);
      const hole = /^h ([1-9][0-9]*)$/.exec(line);
      const length = Number(chunk?.[1] ?? hole?.[1]);
      if (!Number.isSafeInteger(length)) throw badLine(p, l, line.slice(0, 80));
      if (chunk) chunks.push([offset, length, chunk[2] as string, Number(chunk[3])]);
      else holes.push([offset, length]);
      offset += length;
    }
  }
  const { index: _index, ...described } = header;
  const parsed = manifestSchema.safeParse({ ...described, chunks, holes });
  if (!parsed.success) {
    throw new AppError("invalid_input", `Index du manifeste invalide : ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

function badLine(part: number, line: number, text: string): AppError {
  return new AppError(
    "invalid_input",
    `Index du manifeste illisible (partie ${part + 1}, ligne ${line + 1}) : ${text}`,
  );
}
