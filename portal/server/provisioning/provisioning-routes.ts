import "server-only";
import type { Db } from "@tremplin/db/client";
import type { Directory } from "@tremplin/directory/client";
import { json, readJson, route } from "@/server/http";
import { provisionSessions } from "./provision-session";
import { withoutPasswords } from "./report";
import { authenticateProvisioningRequest, type RequestAuthDeps } from "./request-auth";
import { runRequestSchema } from "./run-request";

export type ProvisioningRouteDeps = RequestAuthDeps & {
  getDb: () => Promise<Db>;
  findDirectory: () => Promise<Directory> | undefined;
  now?: () => Date;
};

const noStore = { "cache-control": "no-store" };

/**
 * `POST /api/v1/provisioning/runs`, built over its dependencies so that tests call it with a
 * real `Request`. Body: `{ sessionId? , days?, sweep = true, includePasswords = false }`.
 * route() refuses a browser's post from another origin and readJson a non-JSON body.
 */
export function provisioningRoutes(deps: ProvisioningRouteDeps) {
  return {
    createRun: route("provisioning.runs.create", async (request, ctx) => {
      const by = await authenticateProvisioningRequest(request, deps);
      const body = runRequestSchema.parse(await readJson(request, 4_096));
      const result = await provisionSessions(
        {
          db: await deps.getDb(),
          directory: await deps.findDirectory(),
          requestId: ctx.requestId,
          ...(deps.now ? { now: deps.now } : {}),
        },
        { by, request: body },
      );
      ctx.log.info(
        { runId: result.runId, status: result.status, ...result.totals, by: by.kind },
        "provisioning run",
      );
      return json(201, body.includePasswords ? result : withoutPasswords(result), noStore);
    }),
  };
}
