import type { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import { AppError } from "@tremplin/domain/errors";
import { type Entry, fromBufferPromise, getFileNameLowLevel, type ZipFile } from "yauzl";

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

const refuse = (message: string, cause?: unknown) =>
  new AppError("invalid_input", message, { issues: [{ path: "package", message }], cause });

/**
 * Lists a zip's files from its central directory (yauzl), refusing what could escape or exhaust
 * the store before anything is decompressed: names that climb out (`..`), absolute or drive
 * paths, symbolic links, encryption, methods other than store and deflate, duplicates, too many
 * entries, too many bytes once inflated, an entry compressed past `maxRatio`. Each entry's
 * `read()` inflates on zlib's thread pool (the event loop serves other requests meanwhile), stops
 * as soon as the output passes the declared size (a lying header fails), and checks the CRC.
 */
export async function readZip(zip: Buffer, limits: ZipLimits = defaultZipLimits): Promise<ZipEntry[]> {
  // decodeStrings: false — names are checked below, with refusals in French, not by yauzl.
  // autoClose: false — entries are read after the listing ends; a buffer holds no descriptor.
  const file = await fromBufferPromise(zip, {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: false,
    validateEntrySizes: true,
  }).catch((error: unknown) => {
    throw notReadable(error);
  });
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  await eachEntry(file, (entry) => {
    const rawName = getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw,
      entry.extraFields,
      true,
    );
    const name = checkName(rawName);
    // Unix-made entries carry the file mode in the high 16 bits: S_IFLNK is 0o120000.
    if (entry.versionMadeBy >> 8 === 3 && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000)
      throw refuse(`Lien symbolique refusé : ${rawName}`);
    if (name.endsWith("/")) return;
    if (entry.isEncrypted()) throw refuse(`Fichier chiffré refusé : ${rawName}`);
    const method = entry.compressionMethod;
    if (method !== 0 && method !== 8)
      throw refuse(`Méthode de compression non prise en charge (${method}) : ${rawName}`);
    if (seen.has(name)) throw refuse(`Fichier en double dans l'archive : ${rawName}`);
    seen.add(name);
    const size = entry.uncompressedSize;
    total += size;
    if (seen.size > limits.maxEntries)
      throw refuse(`Trop de fichiers dans l'archive (plus de ${limits.maxEntries}).`);
    if (total > limits.maxTotalBytes)
      throw refuse(
        `Archive trop volumineuse une fois décompressée (plus de ${formatBytes(limits.maxTotalBytes)}).`,
      );
    if (size > ratioFloorBytes && size > (limits.maxRatio ?? 100) * entry.compressedSize)
      throw refuse(`Entrée anormalement compressée (bombe de décompression ?) : ${rawName}`);
    entries.push({ name, size, read: () => inflateEntry(file, entry, rawName) });
  });
  return entries;
}

/** Reads the central directory one record at a time; a throwing `visit` stops it there. */
function eachEntry(file: ZipFile, visit: (entry: Entry) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    file.on("entry", (entry: Entry) => {
      try {
        visit(entry);
      } catch (error) {
        reject(error);
        return;
      }
      file.readEntry();
    });
    file.once("end", () => resolve());
    file.once("error", (error: unknown) => reject(notReadable(error)));
    file.readEntry();
  });
}

function notReadable(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  if (/^multi-disk/.test(message))
    return refuse("Archive ZIP en plusieurs volumes non prise en charge.", error);
  if (/end of central directory record signature not found/.test(message))
    return refuse("Ce fichier n'est pas une archive ZIP.", error);
  return refuse("Ce fichier n'est pas une archive ZIP valide.", error);
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

async function inflateEntry(file: ZipFile, entry: Entry, name: string): Promise<Buffer> {
  let stream: Readable;
  try {
    stream = await file.openReadStreamPromise(entry);
  } catch (error) {
    throw refuse(`Entrée illisible ou tronquée : ${name}`, error);
  }
  const chunks: Buffer[] = [];
  let crc = 0;
  try {
    // validateEntrySizes: the stream fails once it passes the declared size, or ends short of it.
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      crc = crc32(chunk, crc);
    }
  } catch (error) {
    throw refuse(`Entrée corrompue ou plus grande que déclaré : ${name}`, error);
  }
  if (crc !== entry.crc32) throw refuse(`Somme de contrôle incorrecte : ${name}`);
  return Buffer.concat(chunks);
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${Math.round(n / 1024 ** 3)} Gio`;
  if (n >= 1024 ** 2) return `${Math.round(n / 1024 ** 2)} Mio`;
  return `${Math.round(n / 1024)} Kio`;
}
