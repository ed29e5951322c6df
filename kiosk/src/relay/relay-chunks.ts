import { AppError } from "@tremplin/domain/errors";
import { isIntegrityError } from "@tremplin/image-format/errors";
import { type TrustedKeys, verifySignedManifest } from "@tremplin/image-format/sign";
import { type ChunkStore, checkChunk } from "@tremplin/image-format/store";
import type { Logger } from "pino";
import { type ChunkSource, maxChunkBytes } from "../masters/chunk-source";
import { SingleFlight } from "./single-flight";

/** Why the relay may not go upstream now (outside the night window), or undefined when it may. */
export type UpstreamGate = () => string | undefined;

/**
 * The relay's chunks: its store first, else one upstream fetch per chunk however many posts
 * ask (single flight). Every chunk is checked against its name when it arrives and again each
 * time it is served, so a chunk damaged on the relay's disk is dropped and fetched again, never
 * passed on; a manifest is stored only once a trusted key's signature checks.
 */
export class RelayChunks {
  private readonly chunkFlights = new SingleFlight<Buffer>();
  private readonly manifestFlights = new SingleFlight<unknown>();

  constructor(
    readonly store: ChunkStore,
    private readonly options: {
      upstream?: ChunkSource;
      trusted: TrustedKeys;
      gate: UpstreamGate;
      log: Logger;
    },
  ) {}

  /** The chunk's stored (zstd) bytes, checked. Throws `not_found` or `unavailable`. */
  async chunk(sha256: string): Promise<Buffer> {
    const local = await this.store.findCompressedChunk(sha256);
    if (local) {
      try {
        await checkChunk(sha256, local, maxChunkBytes);
        return local;
      } catch (error) {
        if (!isIntegrityError(error)) throw error;
        this.options.log.warn({ sha256, err: error.message }, "damaged chunk dropped from the relay's store");
        await this.store.removeChunk(sha256);
      }
    }
    return this.chunkFlights.run(sha256, () => this.fetchChunk(sha256));
  }

  /** The signed manifest envelope: stored, else fetched and verified before it is stored. */
  async manifest(name: string, version: string): Promise<unknown> {
    if (await this.store.hasManifest(name, version)) return this.store.readManifestEnvelope(name, version);
    return this.manifestFlights.run(`${name}/${version}`, async () => {
      const upstream = this.upstreamOrThrow(`${name} ${version}`);
      const envelope = await upstream.getManifest(name, version);
      const header = verifySignedManifest(envelope, this.options.trusted);
      if (header.name !== name || header.version !== version) {
        throw new AppError(
          "unavailable",
          `${upstream.label} sert ${header.name} ${header.version} pour ${name} ${version}.`,
        );
      }
      await this.store.writeManifest(envelope as Parameters<ChunkStore["writeManifest"]>[0]);
      return envelope;
    });
  }

  private async fetchChunk(sha256: string): Promise<Buffer> {
    const upstream = this.upstreamOrThrow(`le bloc ${sha256}`);
    // Garbled on the way: asked once more, then refused (the post will ask again later).
    for (let attempt = 1; ; attempt++) {
      const compressed = await upstream.getChunk(sha256);
      try {
        await checkChunk(sha256, compressed, maxChunkBytes);
        await this.store.writeChunk(sha256, compressed);
        return compressed;
      } catch (error) {
        if (!isIntegrityError(error)) throw error;
        this.options.log.warn(
          { sha256, attempt, upstream: upstream.label },
          "upstream served a damaged chunk",
        );
        if (attempt >= 2) {
          throw new AppError("unavailable", `${upstream.label} sert un bloc altéré : ${error.message}`);
        }
      }
    }
  }

  private upstreamOrThrow(what: string): ChunkSource {
    const { upstream } = this.options;
    if (!upstream) throw new AppError("not_found", `Le relais n'a pas ${what}.`);
    const closed = this.options.gate();
    if (closed)
      throw new AppError("unavailable", `Le relais n'a pas ${what} et ne peut pas le chercher : ${closed}`);
    return upstream;
  }
}
