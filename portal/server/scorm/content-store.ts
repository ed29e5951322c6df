import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Local blob store for module content (SCORM packages, files): a folder under the data dir,
 * `<root>/<key>/<path>`. Content is written into `<root>/.staging/<id>` and renamed into place
 * in one step, so a reader sees a whole version or none. Keys are made by the portal
 * (`scorm/<module id>/<version>`), never by users. On several portal instances the folder is
 * shared storage (NFS) or, later, an S3-compatible store behind the same three functions.
 */
export type ContentStore = { root: string };

export async function stageFiles(
  store: ContentStore,
  files: { name: string; read(): Buffer | Promise<Buffer> }[],
): Promise<string> {
  const staging = path.join(store.root, ".staging", randomUUID());
  await mkdir(staging, { recursive: true });
  try {
    for (const file of files) {
      const target = insideOrThrow(staging, file.name);
      await mkdir(path.dirname(target), { recursive: true });
      const handle = await open(target, "wx", 0o640);
      try {
        await handle.writeFile(await file.read());
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    return staging;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Moves a staged folder to `key`. A folder already there is a leftover of a failed import. */
export async function publishStaged(store: ContentStore, staging: string, key: string): Promise<void> {
  const target = insideOrThrow(store.root, key);
  await mkdir(path.dirname(target), { recursive: true });
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
}

export async function discardStaged(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}

/** The file at `relative` inside `key`, if it is a regular file there; never outside `key`. */
export async function findStoredFile(store: ContentStore, key: string, relative: string) {
  const base = insideOrThrow(store.root, key);
  let file: string;
  try {
    file = insideOrThrow(base, relative);
  } catch {
    return undefined;
  }
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? { path: file, size: info.size, modifiedAt: info.mtime } : undefined;
}

/** Resolves `relative` under `base`, refusing anything that lands outside it. */
function insideOrThrow(base: string, relative: string): string {
  const resolved = path.resolve(base, relative);
  if (resolved !== base && !resolved.startsWith(`${base}${path.sep}`))
    throw new Error(`path escapes its folder: ${relative}`);
  return resolved;
}
