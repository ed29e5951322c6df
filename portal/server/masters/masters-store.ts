import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import type { MasterStore } from "@tremplin/image-format/master-store";
import { type TrustedKeys, trustedKeysFrom } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { env } from "@/env";
import { S3MasterStore } from "./s3-master-store";

let s3: S3MasterStore | undefined;

/**
 * The portal's store of masters: the format's plain folder `<TREMPLIN_DATA_DIR>/masters`
 * (chunks/…/<sha256>.zst, masters/<name>/<version>.json) by default, shared by every instance
 * when the data dir is (NFS); or, with TREMPLIN_MASTERS_S3_URL, the same keys in an
 * S3-compatible bucket (the scale path, decision 029). IT fills it with `tremplin-image
 * publish --portal` (docs/masters-distribution.md).
 */
export function portalMastersStore(): MasterStore {
  const settings = env();
  if (settings.TREMPLIN_MASTERS_S3_URL) {
    s3 ??= new S3MasterStore({
      bucketUrl: settings.TREMPLIN_MASTERS_S3_URL,
      region: settings.TREMPLIN_MASTERS_S3_REGION,
      accessKeyId: settings.TREMPLIN_MASTERS_S3_ACCESS_KEY_ID ?? "",
      secretAccessKey: settings.TREMPLIN_MASTERS_S3_SECRET_ACCESS_KEY ?? "",
    });
    return s3;
  }
  return new ChunkStore(path.resolve(/* turbopackIgnore: true */ settings.TREMPLIN_DATA_DIR, "masters"));
}

let trusted: TrustedKeys | undefined;

/** The keys whose signatures make an uploaded master acceptable (TREMPLIN_MASTER_KEYS). */
export function portalMasterKeys(): TrustedKeys {
  if (trusted) return trusted;
  const files = env().TREMPLIN_MASTER_KEYS ?? [];
  if (files.length === 0) {
    throw new AppError(
      "unavailable",
      "Le portail n'accepte aucun master : TREMPLIN_MASTER_KEYS ne nomme aucune clé publique de la DSI.",
    );
  }
  trusted = trustedKeysFrom(
    files.map((file) => {
      try {
        return { pem: readFileSync(path.resolve(/* turbopackIgnore: true */ file), "utf8"), source: file };
      } catch (error) {
        throw new AppError("config_invalid", `TREMPLIN_MASTER_KEYS : ${file} illisible`, { cause: error });
      }
    }),
  );
  return trusted;
}
