import "server-only";
import type { Db } from "@tremplin/db/client";
import { chunkAnswer, chunkHashSchema } from "@tremplin/domain/device";
import { parseOrThrow } from "@tremplin/domain/errors";
import { segmentSchema } from "@tremplin/image-format/master-info";
import type { MasterStore } from "@tremplin/image-format/master-store";
import { z } from "zod";
import { authenticateDevice } from "@/server/devices/authenticate-device";
import { json, route } from "@/server/http";
import { getSitePlan, sitePlanQuerySchema } from "./get-site-plan";

export type MasterRouteDeps = { getDb: () => Promise<Db>; getStore: () => MasterStore; now?: () => Date };
type Params<T> = { params: Promise<T> };

const manifestParamsSchema = z.object({ name: segmentSchema, version: segmentSchema });
const chunkParamsSchema = z.object({ hash: chunkHashSchema });

/**
 * Masters for devices (posts and relays, by their device token): a version's signed manifest,
 * a chunk by its hash, and the site's plan. Chunks are served as stored, unchecked: the store
 * only holds what `tremplin-image publish` wrote, and every reader checks each chunk against
 * its name anyway. Their answers are `public` and immutable, so that a relay or any HTTP cache
 * may keep them although the request carried a token (RFC 9111 §3.5).
 */
export function masterRoutes(deps: MasterRouteDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    manifest: route(
      "masters.manifest",
      async (request, _ctx, context: Params<{ name: string; version: string }>) => {
        await authenticateDevice(await deps.getDb(), request);
        const { name, version } = parseOrThrow(manifestParamsSchema, await context.params, "Master demandé");
        const envelope = await deps.getStore().readManifestEnvelope(name, version);
        // A published version never changes, but may be withdrawn: cached for minutes, not a year.
        return json(200, envelope, { "cache-control": "public, max-age=300" });
      },
    ),

    chunk: route("masters.chunk", async (request, _ctx, context: Params<{ hash: string }>) => {
      await authenticateDevice(await deps.getDb(), request);
      const { hash } = parseOrThrow(chunkParamsSchema, await context.params, "Bloc demandé");
      const bytes = await deps.getStore().findCompressedChunk(hash);
      if (!bytes)
        return json(404, { error: { code: "not_found", message: `Bloc inconnu : ${hash}`, issues: [] } });
      const answer = chunkAnswer(hash, bytes.length, {
        range: request.headers.get("range"),
        ifNoneMatch: request.headers.get("if-none-match"),
      });
      const body =
        answer.body && request.method !== "HEAD"
          ? new Uint8Array(bytes.subarray(answer.body.start, answer.body.end))
          : null;
      return new Response(body, { status: answer.status, headers: answer.headers });
    }),

    sitePlan: route("masters.site-plan", async (request) => {
      const db = await deps.getDb();
      const device = await authenticateDevice(db, request);
      const query = parseOrThrow(
        sitePlanQuerySchema,
        Object.fromEntries(new URL(request.url).searchParams),
        "Paramètres du plan",
      );
      return json(200, await getSitePlan(db, device, query, now()), { "cache-control": "private, no-cache" });
    }),
  };
}
