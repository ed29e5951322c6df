import "server-only";
import type { Db } from "@tremplin/db/client";
import { requireUser } from "@/server/auth/guards";
import type { SessionUser } from "@/server/auth/options";
import { json, readJson, route } from "@/server/http";
import type { ContentStore } from "@/server/scorm/content-store";
import { serveModuleFile } from "@/server/scorm/serve-content";
import { cancelEnrolment } from "./cancel-enrolment";
import { enrolInSession, type MailQueued } from "./enrol-in-session";
import { recordActivity } from "./record-activity";

export type LearningRouteDeps = {
  getDb: () => Promise<Db>;
  getUser: () => Promise<SessionUser | undefined>;
  getStore: () => ContentStore;
  /** Wakes the mail worker (the portal's); tests send queued mails themselves. */
  mailQueued?: MailQueued;
  now?: () => Date;
};
type Params<T> = { params: Promise<T> };
const noStore = { "cache-control": "no-store" };

/**
 * The learner's HTTP API (used by the player, by scripts and by the load bench), built over
 * injected dependencies so that tests call the handlers with a real `Request`.
 */
export function learningRoutes(deps: LearningRouteDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    enrol: route("learning.enrol", async (request, ctx) => {
      const user = await requireUser(deps.getUser, "learner");
      const body = (await readJson(request, 4_096)) as { sessionId?: unknown } | null;
      const result = await enrolInSession(await deps.getDb(), {
        learner: { id: user.id, name: user.name },
        sessionId: body?.sessionId,
        now: now(),
        requestId: ctx.requestId,
        ...(deps.mailQueued ? { mailQueued: deps.mailQueued } : {}),
      });
      return json(201, result, noStore);
    }),

    cancel: route("learning.cancel", async (_request, ctx, context: Params<{ id: string }>) => {
      const user = await requireUser(deps.getUser, "learner");
      const { id } = await context.params;
      const result = await cancelEnrolment(await deps.getDb(), {
        learner: { id: user.id, name: user.name },
        enrolmentId: id,
        now: now(),
        requestId: ctx.requestId,
        ...(deps.mailQueued ? { mailQueued: deps.mailQueued } : {}),
      });
      return json(200, result, noStore);
    }),

    heartbeat: route("learning.heartbeat", async (request) => {
      const user = await requireUser(deps.getUser, "learner");
      // The page's last heartbeat, as it unloads, is a beacon: text/plain (see readJson).
      const body = await readJson(request, 1_024, { allowTextPlain: true });
      const result = await recordActivity(await deps.getDb(), { learnerId: user.id, body, now: now() });
      return json(200, result, noStore);
    }),

    file: route(
      "learning.file",
      async (_request, _ctx, context: Params<{ moduleId: string; version: string }>) => {
        const user = await requireUser(deps.getUser);
        const { moduleId, version } = await context.params;
        return serveModuleFile(await deps.getDb(), {
          user,
          store: deps.getStore(),
          moduleId,
          version,
          path: [],
          now: now(),
        });
      },
    ),
  };
}
