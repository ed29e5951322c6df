import { AppError } from "@tremplin/domain/errors";
import { sha256Of } from "./digest";
import { loadManifest } from "./index-parts";
import { canonicalJson, distinctChunks, type ManifestHeader } from "./manifest";
import type { MasterStore } from "./master-store";
import { signedManifestSchema, type TrustedKeys, verifySignedManifest } from "./sign";
import {
  type BatchUploadAnswer,
  type ChunkUploadAnswer,
  type UploadAnswer,
  uploadLimits,
} from "./upload-api";
import { decompressUnknownLength } from "./zstd";

/**
 * A chunk sent by a publisher, stored once its bytes hash to its name: the store never holds a
 * chunk that lies about its content, whoever holds the upload token. Inflation stops at the
 * largest chunk the format allows, so a zstd bomb costs 16 MiB at most.
 */
export async function receiveChunk(
  store: MasterStore,
  sha256: string,
  compressed: Uint8Array,
): Promise<ChunkUploadAnswer> {
  // Checked even when the store has it (a publisher sends only what it was asked for): asking
  // first would cost a bucket one more request per chunk.
  let actual: string;
  try {
    actual = sha256Of(decompressUnknownLength(compressed, uploadLimits.chunkBytes));
  } catch (error) {
    throw new AppError("invalid_input", `Bloc ${sha256} illisible (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (actual !== sha256) {
    throw new AppError(
      "invalid_input",
      `Bloc ${sha256} : empreinte SHA-256 incorrecte (attendue ${sha256}, obtenue ${actual}).`,
    );
  }
  return { sha256, stored: await store.writeChunk(sha256, compressed) };
}

/**
 * A batch of chunks, each as `receiveChunk`, eight at a time: writes wait on the disk, and the
 * next chunks are checked meanwhile. A bad chunk fails the batch (the good ones stay stored).
 */
export async function receiveChunks(
  store: MasterStore,
  chunks: readonly { sha256: string; compressed: Uint8Array }[],
): Promise<BatchUploadAnswer> {
  const answer = { stored: 0, present: 0 };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < chunks.length; i = next++) {
      const { sha256, compressed } = chunks[i] as (typeof chunks)[number];
      if ((await receiveChunk(store, sha256, compressed)).stored) answer.stored += 1;
      else answer.present += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, chunks.length) }, worker));
  return answer;
}

/**
 * A signed manifest sent by a publisher for `name` `version`. Its signature is checked against
 * the portal's trusted keys before anything in it is read; then the chunks it names that the
 * store lacks are asked for (its index parts first: they name the rest); once there are none,
 * the manifest is stored and the version becomes visible. Sending the same manifest again
 * answers the same; another manifest for a published version is refused (versions are immutable).
 */
export async function receiveManifest(
  store: MasterStore,
  envelope: unknown,
  options: {
    name: string;
    version: string;
    trusted: TrustedKeys;
    /** Called just before the version becomes visible; throws to stop it (a lease lost). */
    stillHolding?: () => Promise<void>;
  },
): Promise<UploadAnswer> {
  const header = verifySignedManifest(envelope, options.trusted);
  const { name, version } = header;
  if (name !== options.name || version !== options.version) {
    throw new AppError(
      "invalid_input",
      `Le manifeste signé est celui de ${name} ${version}, envoyé à l'adresse de ${options.name} ${options.version}.`,
    );
  }
  if (header.index.parts.length > uploadLimits.indexParts) {
    throw new AppError(
      "payload_too_large",
      `Index de ${header.index.parts.length} parties : le portail en accepte ${uploadLimits.indexParts} au plus.`,
    );
  }
  // What was signed, as signed (the parsed header drops keys it does not know), and nothing else.
  const { signed, signatures } = signedManifestSchema.parse(envelope);
  if (await store.hasManifest(name, version)) {
    const stored = signedManifestSchema.safeParse(await store.readManifestEnvelope(name, version));
    if (!stored.success || canonicalJson(stored.data.signed) !== canonicalJson(signed)) {
      throw new AppError(
        "conflict",
        `${name} ${version} est déjà publié avec un autre contenu : une version publiée ne change plus.`,
      );
    }
    return { state: "published", name, version };
  }
  const parts = await store.missingChunks(header.index.parts.map(([sha256]) => sha256));
  if (parts.length > 0) return incomplete(parts);
  const manifest = await loadManifest(header, ([sha256, length]) => store.readChunk(sha256, length));
  const chunks = await store.missingChunks([...distinctChunks(manifest).keys()]);
  if (chunks.length > 0) return incomplete(chunks);
  await options.stillHolding?.();
  await store.writeManifest({ signed: signed as ManifestHeader, signatures });
  return { state: "published", name, version };
}

function incomplete(missing: string[]): UploadAnswer {
  return {
    state: "incomplete",
    missing: missing.slice(0, uploadLimits.missingPerAnswer),
    missingTotal: missing.length,
  };
}
