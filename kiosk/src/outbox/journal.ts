import { createHash } from "node:crypto";
import { type FileHandle, open, readFile, rename, rm, truncate } from "node:fs/promises";
import path from "node:path";

/**
 * An append-only file of JSON records, one per line, each prefixed by a checksum of its body:
 *   `<16 hex of sha256(body)> <body>\n`
 * A kill -9 or a power cut can leave only the last line torn (append order); it is detected by
 * its missing newline or bad checksum, and cut off at the next open. Appends return after
 * fdatasync, so a record the caller saw written survives a crash.
 */
export type ReplayResult<T> = {
  records: T[];
  /** Lines in the middle that failed their checksum: disk damage, never our own torn tail. */
  corruptLines: number;
  /** Bytes of a torn last line that were cut off. */
  tornBytes: number;
  /** Intact lines that `parse` refused (a record from an incompatible version): kept verbatim. */
  unreadable: string[];
};

function checksum(body: string): string {
  return createHash("sha256").update(body).digest("hex").slice(0, 16);
}

export function encodeLine(record: unknown): string {
  const body = JSON.stringify(record);
  return `${checksum(body)} ${body}\n`;
}

/** Reads every intact record. With `repair`, truncates a torn tail so that appends start clean. */
export async function replayJournal<T>(
  file: string,
  parse: (value: unknown) => T,
  options: { repair: boolean },
): Promise<ReplayResult<T>> {
  const buf = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return Buffer.alloc(0);
    throw error;
  });
  const records: T[] = [];
  const unreadable: string[] = [];
  let corruptLines = 0;
  let offset = 0;
  while (offset < buf.length) {
    const end = buf.indexOf(0x0a, offset);
    if (end === -1) break;
    const line = buf.subarray(offset, end).toString("utf8");
    offset = end + 1;
    const space = line.indexOf(" ");
    const body = line.slice(space + 1);
    if (space !== 16 || checksum(body) !== line.slice(0, 16)) {
      corruptLines++;
      continue;
    }
    try {
      records.push(parse(JSON.parse(body)));
    } catch {
      // Not lost: the caller moves it aside with the reason, see Outbox.open.
      unreadable.push(body);
    }
  }
  const tornBytes = buf.length - offset;
  if (tornBytes > 0 && options.repair) await truncate(file, offset);
  return { records, corruptLines, tornBytes, unreadable };
}

/** An open journal that appends durably. One writer per file (the agent holds it). */
export class JournalWriter {
  private constructor(
    readonly file: string,
    private handle: FileHandle,
  ) {}

  static async open(file: string): Promise<JournalWriter> {
    const handle = await open(file, "a");
    await fsyncDir(path.dirname(file));
    return new JournalWriter(file, handle);
  }

  /** Appends records in one write, then fdatasync: all or (after a crash) a torn tail cut at replay. */
  async append(records: unknown[]): Promise<void> {
    await this.handle.write(records.map(encodeLine).join(""));
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /**
   * Replaces the journal with exactly `records`: temp file, fsync, rename, fsync the folder.
   * A crash leaves either the old journal or the new one, never a mix.
   */
  async rewrite(records: unknown[]): Promise<void> {
    const tmp = `${this.file}.tmp`;
    await writeDurably(tmp, records.map(encodeLine).join(""));
    await this.handle.close();
    await rename(tmp, this.file);
    await fsyncDir(path.dirname(this.file));
    this.handle = await open(this.file, "a");
  }
}

/** Writes `data` to `file` and fsyncs it (the caller renames it into place). */
export async function writeDurably(file: string, data: string, mode = 0o644): Promise<void> {
  await rm(file, { force: true });
  const handle = await open(file, "wx", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or a new file's directory entry durable (POSIX: fsync the directory). */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Atomically replaces `file` with `data` (temp + fsync + rename + fsync dir). */
export async function writeFileAtomic(file: string, data: string, mode = 0o644): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeDurably(tmp, data, mode);
  await rename(tmp, file);
  await fsyncDir(path.dirname(file));
}
