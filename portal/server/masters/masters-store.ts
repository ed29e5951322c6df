import "server-only";
import path from "node:path";
import { ChunkStore } from "@tremplin/image-format/store";
import { env } from "@/env";

/**
 * The portal's store of masters: `<TREMPLIN_DATA_DIR>/masters`, the format's plain folder
 * (chunks/…/<sha256>.zst, masters/<name>/<version>.json). IT publishes into it by copying a
 * store made by `tremplin-image publish` (docs/masters-distribution.md). Shared by every portal
 * instance when the data dir is (NFS); S3 is the scale path (decision 020).
 */
export function portalMastersStore(): ChunkStore {
  return new ChunkStore(path.resolve(/* turbopackIgnore: true */ env().TREMPLIN_DATA_DIR, "masters"));
}
