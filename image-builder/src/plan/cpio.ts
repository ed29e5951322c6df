/**
 * A writer for the "newc" cpio format, the only one the kernel unpacks as an initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst). Written here rather than
 * shelling out to cpio so that ownership is root and modes exact whoever runs the build.
 */
export type CpioEntry =
  | { type: "dir"; path: string; mode?: number }
  | { type: "file"; path: string; data: Uint8Array | string; mode?: number }
  | { type: "symlink"; path: string; target: string }
  | { type: "char"; path: string; major: number; minor: number; mode?: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

/** The archive's bytes. Parents must come before their children: the kernel creates none. */
export function writeCpio(entries: CpioEntry[], mtime = 0): Buffer {
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  let ino = 1;
  for (const entry of entries) {
    const name = entry.path.replace(/^\/+/, "");
    const parent = name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : "";
    if (parent && !seen.has(parent)) throw new Error(`cpio: ${name} listed before its folder ${parent}`);
    if (seen.has(name)) throw new Error(`cpio: ${name} listed twice`);
    seen.add(name);
    const { mode, data, rdev } = describe(entry);
    parts.push(record(name, { ino: ino++, mode, data, rdev, mtime }));
  }
  parts.push(record("TRAILER!!!", { ino: 0, mode: 0, data: Buffer.alloc(0), rdev: [0, 0], mtime: 0 }));
  return Buffer.concat(parts);
}

function describe(entry: CpioEntry): { mode: number; data: Buffer; rdev: [number, number] } {
  switch (entry.type) {
    case "dir":
      return { mode: S_IFDIR | (entry.mode ?? 0o755), data: Buffer.alloc(0), rdev: [0, 0] };
    case "file":
      return { mode: S_IFREG | (entry.mode ?? 0o644), data: Buffer.from(entry.data), rdev: [0, 0] };
    case "symlink":
      return { mode: S_IFLNK | 0o777, data: Buffer.from(entry.target), rdev: [0, 0] };
    case "char":
      return {
        mode: S_IFCHR | (entry.mode ?? 0o600),
        data: Buffer.alloc(0),
        rdev: [entry.major, entry.minor],
      };
  }
}

function record(
  name: string,
  h: { ino: number; mode: number; data: Buffer; rdev: [number, number]; mtime: number },
): Buffer {
  const nameBytes = Buffer.from(`${name}\0`);
  const fields = [
    h.ino,
    h.mode,
    0,
    0,
    1,
    h.mtime,
    h.data.length,
    0,
    0,
    h.rdev[0],
    h.rdev[1],
    nameBytes.length,
    0,
  ];
  const header = Buffer.from(`070701${fields.map((f) => f.toString(16).padStart(8, "0")).join("")}`);
  // The name is padded so the data starts on a 4-byte boundary, and the data so the next header does.
  return Buffer.concat([
    header,
    nameBytes,
    pad(header.length + nameBytes.length),
    h.data,
    pad(h.data.length),
  ]);
}

function pad(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
