import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { masterInfoSchema, type VmHints } from "@tremplin/image-format/master-info";
import { execa } from "execa";

export type TinyMasterMode = "test" | "demo" | "bench";

export type TinyMaster = {
  /** The qcow2 master: read-only for its users (boot it through an overlay or `-snapshot`). */
  path: string;
  /** Its `master.json` (@tremplin/image-format's `MasterInfo`). */
  infoPath: string;
  sha256: string;
  hints: VmHints;
};

const root = fileURLToPath(new URL("../../../", import.meta.url));
const builderBin = path.join(root, "image-builder/bin/tremplin-image.mjs");
const builderSrc = path.join(root, "image-builder/src");
/** Built masters and the .debs they come from, kept across test runs on this machine. */
export const tinyImageCacheDir = path.join(root, "node_modules/.cache/tremplin");

/**
 * A tiny real Linux master (image-builder's `tiny-linux` recipe) for `mode`:
 *  - `test`: prints `TREMPLIN-MARKER: absent|present …` on ttyS0, writes a marker, powers off;
 *  - `demo`: a shell showing `title`, powers off on `poweroff` or the ACPI power button;
 *  - `bench`: writes `writeMiB` MiB to its data partition, powers off.
 * Built once per machine by running the image-builder CLI (packages never import apps), then
 * reused: the cache key covers the builder's sources, so a recipe change rebuilds it.
 */
export async function getTinyMaster(options: {
  mode: TinyMasterMode;
  title?: string;
  writeMiB?: number;
}): Promise<TinyMaster> {
  const title = options.title ?? "Formation Tremplin";
  const writeMiB = options.writeMiB ?? 1024;
  // Named by what it is (mode and options) and by the builder's sources it was built from: a
  // recipe change rebuilds it, and prunes the builds of the same kind from older sources.
  const kind = createHash("sha256").update(JSON.stringify({ title, writeMiB })).digest("hex").slice(0, 8);
  const sources = (await sourcesHash()).digest("hex").slice(0, 12);
  const prefix = `tiny-${options.mode}-${kind}-`;
  const disk = path.join(tinyImageCacheDir, `${prefix}${sources}.qcow2`);
  const infoPath = disk.replace(/\.qcow2$/, ".json");
  await mkdir(tinyImageCacheDir, { recursive: true });
  const build = [
    process.execPath,
    builderBin,
    "build",
    "--recipe",
    "tiny-linux",
    "--out",
    disk,
    "--mode",
    options.mode,
  ];
  build.push(
    "--title",
    title,
    "--write-mib",
    String(writeMiB),
    "--cache-dir",
    path.join(tinyImageCacheDir, "debs"),
  );
  // Test files run in parallel processes: flock makes one build and the others wait for it,
  // then find the file (the CLI renames it into place only once complete).
  const ifMissing = 'if [ -f "$1" ]; then exit 0; fi; shift; exec "$@"';
  const lock = path.join(tinyImageCacheDir, "tiny-image.lock");
  const result = await execa("flock", [lock, "sh", "-c", ifMissing, "sh", disk, ...build], {
    reject: false,
    timeout: 600_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(`tiny master (${options.mode}) build failed, exit ${result.exitCode}:\n${result.stderr}`);
  }
  await pruneOlder(prefix, path.basename(disk));
  const info = masterInfoSchema.parse(JSON.parse(await readFile(infoPath, "utf8")));
  return { path: disk, infoPath, sha256: info.sha256, hints: info.hints };
}

async function sourcesHash() {
  const hash = createHash("sha256");
  const files = (await readdir(builderSrc, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.includes(".test."))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(file.slice(builderSrc.length)).update(await readFile(file));
  return hash;
}

/** Masters of the same mode built from older sources: they would only fill the disk. */
async function pruneOlder(prefix: string, keep: string): Promise<void> {
  const stale = (await readdir(tinyImageCacheDir)).filter(
    (f) => f.startsWith(prefix) && !f.startsWith(keep.replace(/\.qcow2$/, "")),
  );
  for (const f of stale) await rm(path.join(tinyImageCacheDir, f), { force: true });
}
