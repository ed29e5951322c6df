import { promisify } from "node:util";
import { crc32, inflateRaw } from "node:zlib";
import { AppError } from "@tremplin/domain/errors";

export type ZipLimits = {
  /** Files (directories not counted). */
  maxEntries: number;
  /** Sum of the uncompressed sizes. */
  maxTotalBytes: number;
  /**
   * Largest inflated / compressed size of an entry over 1 MiB (100 by default): HTML, scripts and
   * media compress 2-20 times; a bomb's few KB that claim gigabytes is refused before inflating.
   */
  maxRatio?: number;
};
export const defaultZipLimits: ZipLimits = { maxEntries: 10_000, maxTotalBytes: 1024 * 1024 * 1024 };
const ratioFloorBytes = 1024 * 1024;

export type ZipEntry = { name: string; size: number; read(): Promise<Buffer> };

// zlib's thread pool: a large entry inflates without holding the event loop (other requests).
const inflateRawAsync = promisify(inflateRaw);

const refuse = (message: string) =>
  new AppError("invalid_input", message, { issues: [{ path: "package", message }] });

/**
 * Lists a zip's files from its central directory, refusing what could escape or exhaust the
 * store before anything is decompressed: names that climb out (`..`), absolute or drive paths,
 * symbolic links, encryption, ZIP64, too many entries, too many bytes once inflated. Each
 * entry's `read()` inflates at most its declared size (a lying header fails) off the event loop,
 * and checks its CRC.
 */
export function readZip(zip: Buffer, limits: ZipLimits = defaultZipLimits): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw refuse("Archive ZIP64 non prise en charge.");
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 8) !== count)
    throw refuse("Archive ZIP en plusieurs volumes non prise en charge.");
  if (cdOffset + cdSize > eocd) throw refuse("Ce fichier n'est pas une archive ZIP valide.");
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50)
      throw refuse("Ce fichier n'est pas une archive ZIP valide.");
    const madeBy = zip.readUInt16LE(at + 4);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const externalAttrs = zip.readUInt32LE(at + 38);
    const localOffset = zip.readUInt32LE(at + 42);
    const rawName = zip.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? "utf8" : "latin1");
    at = next;
    const name = checkName(rawName);
    // Unix-made entries carry the file mode in the high 16 bits: S_IFLNK is 0o120000.
    if (madeBy >> 8 === 3 && ((externalAttrs >>> 16) & 0o170000) === 0o120000)
      throw refuse(`Lien symbolique refusé : ${rawName}`);
    if (name.endsWith("/")) continue;
    if (flags & 0x1) throw refuse(`Fichier chiffré refusé : ${rawName}`);
    if (method !== 0 && method !== 8)
      throw refuse(`Méthode de compression non prise en charge (${method}) : ${rawName}`);
    if (size === 0xffffffff || compressedSize === 0xffffffff)
      throw refuse("Archive ZIP64 non prise en charge.");
    if (seen.has(name)) throw refuse(`Fichier en double dans l'archive : ${rawName}`);
    seen.add(name);
    total += size;
    if (seen.size > limits.maxEntries)
      throw refuse(`Trop de fichiers dans l'archive (plus de ${limits.maxEntries}).`);
    if (total > limits.maxTotalBytes)
      throw refuse(
        `Archive trop volumineuse une fois décompressée (plus de ${formatBytes(limits.maxTotalBytes)}).`,
      );
    if (size > ratioFloorBytes && size > (limits.maxRatio ?? 100) * compressedSize)
      throw refuse(`Entrée anormalement compressée (bombe de décompression ?) : ${rawName}`);
    entries.push({
      name,
      size,
      read: () => inflateEntry(zip, { name: rawName, localOffset, compressedSize, size, method, crc }),
    });
  }
  return entries;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const earliest = Math.max(0, zip.length - 65_557);
  for (let i = zip.length - 22; i >= earliest; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw refuse("Ce fichier n'est pas une archive ZIP.");
}

/** A relative path inside the package, or a refusal naming the entry. */
function checkName(raw: string): string {
  const name = raw.replace(/\\/g, "/");
  const bad = (why: string) => refuse(`Nom de fichier refusé (${why}) : ${raw}`);
  if (name.length === 0 || name.length > 1000) throw bad("longueur");
  if ([...name].some((c) => c.charCodeAt(0) < 0x20)) throw bad("caractère de contrôle");
  if (name.startsWith("/") || /^[a-zA-Z]:/.test(name)) throw bad("chemin absolu");
  const parts = name.replace(/\/$/, "").split("/");
  if (parts.some((p) => p === "..")) throw bad("remonte hors du dossier");
  if (parts.some((p) => p === "" || p === ".")) throw bad("chemin mal formé");
  return name;
}

async function inflateEntry(
  zip: Buffer,
  e: { name: string; localOffset: number; compressedSize: number; size: number; method: number; crc: number },
): Promise<Buffer> {
  if (e.localOffset + 30 > zip.length || zip.readUInt32LE(e.localOffset) !== 0x04034b50)
    throw refuse(`Entrée illisible : ${e.name}`);
  const start =
    e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
  if (start + e.compressedSize > zip.length) throw refuse(`Entrée tronquée : ${e.name}`);
  const data = zip.subarray(start, start + e.compressedSize);
  let out: Buffer;
  try {
    // maxOutputLength stops a lying header from inflating past what it declared.
    out =
      e.method === 0
        ? Buffer.from(data)
        : await inflateRawAsync(data, { maxOutputLength: Math.max(1, e.size) });
  } catch {
    throw refuse(`Entrée corrompue ou plus grande que déclaré : ${e.name}`);
  }
  if (out.length !== e.size) throw refuse(`Taille de l'entrée différente de celle déclarée : ${e.name}`);
  if (crc32(out) !== e.crc) throw refuse(`Somme de contrôle incorrecte : ${e.name}`);
  return out;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${Math.round(n / 1024 ** 3)} Gio`;
  if (n >= 1024 ** 2) return `${Math.round(n / 1024 ** 2)} Mio`;
  return `${Math.round(n / 1024)} Kio`;
}
