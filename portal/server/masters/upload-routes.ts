import "server-only";
import { chunkHashSchema } from "@tremplin/domain/device";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { segmentSchema } from "@tremplin/image-format/master-info";
import type { MasterStore } from "@tremplin/image-format/master-store";
import { receiveChunk, receiveChunks, receiveManifest } from "@tremplin/image-format/receive-upload";
import type { TrustedKeys } from "@tremplin/image-format/sign";
import { uploadLimits } from "@tremplin/image-format/upload-api";
import { z } from "zod";
import { hasBearerToken } from "@/server/bearer-token";
import { json, readBody, readForm, readJson, route } from "@/server/http";

export type UploadRouteDeps = {
  getStore: () => MasterStore;
  getTrustedKeys: () => TrustedKeys;
  /** TREMPLIN_PUBLISH_TOKEN; unset, nobody uploads over HTTP. */
  token: () => string | undefined;
  /** Runs a manifest's check and write under the store's lease (store-lease.ts). */
  holdingStoreLease: <T>(work: (renew: () => Promise<void>) => Promise<T>) => Promise<T>;
};
type Params<T> = { params: Promise<T> };

const manifestParamsSchema = z.object({ name: segmentSchema, version: segmentSchema });
const chunkParamsSchema = z.object({ hash: chunkHashSchema });

/**
 * IT's build machine publishing a master (decision 029): `PUT /api/v1/chunks/:hash` stores a
 * chunk once its bytes match its name (`POST /api/v1/chunks`: a multipart batch of them), `PUT /api/v1/masters/:name/:version/manifest` answers
 * what is still missing and makes the version visible once nothing is. The token is checked
 * before a byte of the body is read; the manifest's signature, against the trusted keys,
 * before anything in it is.
 */
export function uploadRoutes(deps: UploadRouteDeps) {
  return {
    manifest: route(
      "masters.upload-manifest",
      async (request, ctx, context: Params<{ name: string; version: string }>) => {
        requirePublisher(request, deps.token());
        const { name, version } = parseOrThrow(manifestParamsSchema, await context.params, "Master envoyé");
        const envelope = await readJson(request, uploadLimits.envelopeBytes);
        // Under the store's lease: a garbage collection cannot remove a chunk this version
        // names between the check that every chunk is there and the version becoming visible.
        const answer = await deps.holdingStoreLease((renew) =>
          receiveManifest(deps.getStore(), envelope, {
            name,
            version,
            trusted: deps.getTrustedKeys(),
            stillHolding: renew,
          }),
        );
        if (answer.state === "published") ctx.log.info({ name, version }, "master version published");
        return json(answer.state === "published" ? 200 : 202, answer, { "cache-control": "no-store" });
      },
    ),

    chunk: route("masters.upload-chunk", async (request, _ctx, context: Params<{ hash: string }>) => {
      requirePublisher(request, deps.token());
      const { hash } = parseOrThrow(chunkParamsSchema, await context.params, "Bloc envoyé");
      const compressed = await readBody(request, uploadLimits.compressedChunkBytes);
      const answer = await receiveChunk(deps.getStore(), hash, compressed);
      return json(answer.stored ? 201 : 200, answer, { "cache-control": "no-store" });
    }),

    batch: route("masters.upload-chunks", async (request) => {
      requirePublisher(request, deps.token());
      const form = await readForm(request, uploadLimits.batchBytes);
      const chunks: { sha256: string; compressed: Uint8Array }[] = [];
      for (const [name, value] of form) {
        const sha256 = parseOrThrow(chunkHashSchema, name, "Nom d'un bloc du lot");
        if (typeof value === "string") {
          throw new AppError("invalid_input", `Le bloc ${sha256} du lot doit être un fichier, pas un texte.`);
        }
        chunks.push({ sha256, compressed: new Uint8Array(await value.arrayBuffer()) });
      }
      if (chunks.length === 0 || chunks.length > uploadLimits.batchChunks) {
        throw new AppError(
          "invalid_input",
          `Un lot compte de 1 à ${uploadLimits.batchChunks} blocs (reçu : ${chunks.length}).`,
        );
      }
      return json(200, await receiveChunks(deps.getStore(), chunks), { "cache-control": "no-store" });
    }),
  };
}

function requirePublisher(request: Request, token: string | undefined): void {
  if (!token) {
    throw new AppError(
      "forbidden",
      "Publication par HTTP désactivée : définissez TREMPLIN_PUBLISH_TOKEN sur le portail (decision 029).",
    );
  }
  if (!hasBearerToken(request, token)) {
    throw new AppError(
      "unauthenticated",
      "Jeton de publication absent ou invalide (TREMPLIN_PUBLISH_TOKEN).",
    );
  }
}
