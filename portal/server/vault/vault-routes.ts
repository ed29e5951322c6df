import "server-only";
import type { Db } from "@tremplin/db/client";
import { findCheckpointCovering, findLatestCheckpoint } from "@tremplin/db/queries/vault";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import { json, route } from "@/server/http";
import { getProofBundle } from "./get-proof-bundle";
import { consistencyProofBetween, inclusionProofAt, isTileWithin, readTile } from "./log-store";
import { parseTilePath, tilePath, tileWidth } from "./tile-path";
import { timestampResponse } from "./timestamp-token";

export type VaultRouteDeps = { getDb: () => Promise<Db>; getVerifierKey: () => Promise<string> };
type Params<T> = { params: Promise<T> };

// tlog-tiles: the checkpoint and partial tiles change, full tiles never do.
const shortLived = "public, max-age=5";
const immutable = "public, max-age=31536000, immutable";
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const index = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

async function publishedSize(db: Db): Promise<number> {
  const latest = await findLatestCheckpoint(db);
  if (!latest) throw new AppError("unavailable", "Aucun point de contrôle publié pour l'instant.");
  return latest.treeSize;
}

/** The public, read-only API of the evidence vault under /api/v1/vault (C2SP tlog-tiles and proofs). */
export function vaultRoutes(deps: VaultRouteDeps) {
  return {
    /** GET checkpoint: the latest signed checkpoint (C2SP checkpoint, signed note). */
    checkpoint: route("vault.checkpoint", async () => {
      const latest = await findLatestCheckpoint(await deps.getDb());
      if (!latest) throw new AppError("unavailable", "Aucun point de contrôle publié pour l'instant.");
      return new Response(latest.note, {
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": shortLived },
      });
    }),

    /** GET checkpoint.tsr[?size=N]: the checkpoint's RFC 3161 time-stamp as a TimeStampResp. */
    checkpointTimestamp: route("vault.checkpoint-tsr", async (request) => {
      const db = await deps.getDb();
      const query = parseOrThrow(z.object({ size: index.optional() }), queryOf(request), "Paramètres");
      const checkpoint =
        query.size === undefined
          ? await findLatestCheckpoint(db)
          : await findCheckpointCovering(db, query.size);
      if (!checkpoint || (query.size !== undefined && checkpoint.treeSize !== query.size))
        throw new AppError("not_found", "Aucun point de contrôle de cette taille.");
      return new Response(Buffer.from(timestampResponse(checkpoint.timestampToken)), {
        headers: {
          "content-type": "application/timestamp-reply",
          "cache-control": query.size === undefined ? shortLived : immutable,
          "x-tree-size": String(checkpoint.treeSize),
        },
      });
    }),

    /** GET tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] (C2SP tlog-tiles). */
    tile: route("vault.tile", async (_request, _context, { params }: Params<{ path: string[] }>) => {
      const tile = parseTilePath((await params).path);
      if (!tile) throw new AppError("not_found", "Chemin de tuile invalide.");
      const db = await deps.getDb();
      if (!isTileWithin(tile, await publishedSize(db)))
        throw new AppError("not_found", `Tuile ${tilePath(tile)} absente du dernier point de contrôle.`);
      return new Response(Buffer.from(await readTile(db, tile)), {
        headers: {
          "content-type": "application/octet-stream",
          "cache-control": tile.width === tileWidth ? immutable : shortLived,
        },
      });
    }),

    /** GET proof/<leafIndex>[?size=N]: an RFC 9162 inclusion proof (size: the latest checkpoint's by default). */
    inclusion: route("vault.proof", async (request, _context, { params }: Params<{ leafIndex: string }>) => {
      const db = await deps.getDb();
      const leafIndex = parseOrThrow(index, (await params).leafIndex, "Numéro d'entrée");
      const published = await publishedSize(db);
      const { size = published } = parseOrThrow(
        z.object({ size: index.optional() }),
        queryOf(request),
        "Paramètres",
      );
      if (size > published || leafIndex >= size)
        throw new AppError(
          "not_found",
          `Pas d'entrée ${leafIndex} dans un arbre de ${size} publié (${published} au plus).`,
        );
      const proof = await inclusionProofAt(db, leafIndex, size);
      return json(
        200,
        { leafIndex, treeSize: size, inclusionProof: proof.map(b64) },
        { "cache-control": immutable },
      );
    }),

    /** GET consistency?from=M&to=N: an RFC 9162 consistency proof between two published sizes. */
    consistency: route("vault.consistency", async (request) => {
      const db = await deps.getDb();
      const { from, to } = parseOrThrow(z.object({ from: index, to: index }), queryOf(request), "Paramètres");
      const published = await publishedSize(db);
      if (from > to || to > published)
        throw new AppError("invalid_input", `Tailles attendues : from ≤ to ≤ ${published}.`);
      const proof = await consistencyProofBetween(db, from, to);
      return json(200, { from, to, consistencyProof: proof.map(b64) }, { "cache-control": immutable });
    }),

    /** GET bundle/<code>: a certificate's proof bundle (proof-bundle.ts), for offline verification. */
    bundle: route("vault.bundle", async (_request, _context, { params }: Params<{ code: string }>) => {
      // Next.js hands the segment over decoded already.
      const code = parseOrThrow(z.string().trim().min(1).max(64), (await params).code, "Code");
      return json(200, await getProofBundle(await deps.getDb(), code.toUpperCase()), {
        "cache-control": shortLived,
      });
    }),

    /** GET key: the log's verifier key, `<origin>+<hex key id>+<base64 key>` (C2SP signed-note). */
    key: route("vault.key", async () => {
      return new Response(`${await deps.getVerifierKey()}\n`, {
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": shortLived },
      });
    }),
  };
}

function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
