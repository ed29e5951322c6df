import "server-only";
import type { Db } from "@tremplin/db/client";
import { queueSurveyInvitations } from "@tremplin/db/queries/satisfaction";
import { surveyAnswerDays } from "@tremplin/domain/satisfaction";
import type { Logger } from "pino";

/**
 * How far back a sweep looks for ended sessions. A portal down for longer than this sends no
 * invitation for what ended meanwhile: an évaluation à chaud asked weeks later is not one.
 */
const reachMs = 14 * 86_400_000;

/**
 * Writes the surveys (and their invitation mails) owed for the sessions that have ended by
 * `now`. Idempotent: run it as often as you like, from any number of instances.
 */
export async function queueDueSurveys(db: Db, now: Date): Promise<number> {
  return queueSurveyInvitations(db, {
    now,
    since: new Date(now.getTime() - reachMs),
    answerDays: surveyAnswerDays,
  });
}

export type SurveyInviterOptions = {
  getDb: () => Promise<Db>;
  everyMs: number;
  /** Called when invitations were queued: wakes the mail worker. */
  onQueued: () => void;
  log: Pick<Logger, "error" | "info">;
};

/** Sweeps at start-up, then every `everyMs`, in the background of a portal instance. */
export function startSurveyInviter(options: SurveyInviterOptions) {
  let running: Promise<void> | undefined;
  const sweep = () => {
    running ??= (async () => {
      try {
        const queued = await queueDueSurveys(await options.getDb(), new Date());
        if (queued > 0) {
          options.log.info({ queued }, "satisfaction surveys queued");
          options.onQueued();
        }
      } catch (error) {
        options.log.error({ err: error }, "satisfaction surveys not queued, next sweep retries");
      } finally {
        running = undefined;
      }
    })();
  };
  sweep();
  const timer = setInterval(sweep, options.everyMs);
  timer.unref(); // never keeps a process (a build, a test) alive on its own
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
