import { loadManifest } from "./index-parts";
import { distinctChunks, manifestHeaderSchema } from "./manifest";
import type { MasterStore } from "./master-store";
import { signedManifestSchema } from "./sign";

/**
 * What `ls` and `gc` read of a manifest without checking its signature: they decide nothing a
 * client relies on (a client verifies what it fetches). Index parts are still checked against
 * their hashes by the store.
 */
async function readUnverified(store: MasterStore, name: string, version: string) {
  const envelope = signedManifestSchema.parse(await store.readManifestEnvelope(name, version));
  const header = manifestHeaderSchema.parse(envelope.signed);
  const manifest = await loadManifest(header, ([sha256, length]) => store.readChunk(sha256, length));
  return { header, manifest, keyIds: envelope.signatures.map((s) => s.keyId) };
}

export type VersionSummary = {
  name: string;
  version: string;
  created: string;
  virtualSize: number;
  chunks: number;
  /** Stored bytes of its distinct chunks (what a client with nothing would fetch). */
  storedBytes: number;
  /** Stored bytes of its index parts. */
  indexBytes: number;
  keyIds: string[];
};

export async function listVersions(store: MasterStore): Promise<VersionSummary[]> {
  const summaries: VersionSummary[] = [];
  for (const { name, version } of await store.listVersions()) {
    const { header, manifest, keyIds } = await readUnverified(store, name, version);
    const chunks = distinctChunks(manifest);
    summaries.push({
      name,
      version,
      created: header.created,
      virtualSize: header.virtualSize,
      chunks: chunks.size,
      storedBytes: [...chunks.values()].reduce((a, b) => a + b, 0),
      indexBytes: header.index.parts.reduce((sum, p) => sum + p[2], 0),
      keyIds,
    });
  }
  return summaries;
}

export type GcReport = {
  removedVersions: { name: string; version: string }[];
  removedChunks: number;
  removedBytes: number;
};

/** Chunks removed between two calls of `stillHolding`. */
const removalBatch = 500;

/**
 * Keeps, for each master, its `keep` most recent versions (by `created`) and every version
 * listed as scheduled; removes the other manifests, then every chunk no kept manifest names.
 * Manifests go first: a crash in between leaves unused chunks, never a manifest missing one.
 * Nothing may publish into the store meanwhile (a new manifest could name a chunk found unused
 * here): the portal holds its store's lease; `stillHolding` is called after each long read and
 * before each batch of removals, to renew such a lease or throw when it was lost.
 */
export async function collectGarbage(options: {
  store: MasterStore;
  keep: number;
  scheduled: readonly { name: string; version: string }[];
  dryRun?: boolean;
  stillHolding?: () => Promise<void>;
}): Promise<GcReport> {
  const { store } = options;
  const versions = await listVersions(store);
  const isScheduled = (v: VersionSummary) =>
    options.scheduled.some((s) => s.name === v.name && s.version === v.version);
  const newestFirst = [...versions].sort(
    (a, b) => b.created.localeCompare(a.created) || b.version.localeCompare(a.version),
  );
  const kept: VersionSummary[] = [];
  const removed: VersionSummary[] = [];
  const keptPerName = new Map<string, number>();
  for (const v of newestFirst) {
    const rank = keptPerName.get(v.name) ?? 0;
    keptPerName.set(v.name, rank + 1);
    if (rank < options.keep || isScheduled(v)) kept.push(v);
    else removed.push(v);
  }
  const live = new Set<string>();
  for (const v of kept) {
    const { header, manifest } = await readUnverified(store, v.name, v.version);
    for (const sha256 of distinctChunks(manifest).keys()) live.add(sha256);
    for (const [sha256] of header.index.parts) live.add(sha256);
  }
  await options.stillHolding?.();
  const unused = (await store.listStoredChunks()).filter((c) => !live.has(c.sha256));
  const report: GcReport = {
    removedVersions: removed.map(({ name, version }) => ({ name, version })),
    removedChunks: unused.length,
    removedBytes: unused.reduce((sum, c) => sum + c.size, 0),
  };
  if (options.dryRun) return report;
  await options.stillHolding?.();
  for (const v of removed) await store.removeManifest(v.name, v.version);
  for (let i = 0; i < unused.length; i += removalBatch) {
    await options.stillHolding?.();
    for (const { sha256 } of unused.slice(i, i + removalBatch)) await store.removeChunk(sha256);
  }
  return report;
}
