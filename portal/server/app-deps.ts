import "server-only";
import path from "node:path";
import { env } from "@/env";
import { findCurrentUser } from "@/server/auth/current-user";
import { getDb } from "@/server/db";
import { log } from "@/server/log";
import { type MailWorker, startMailWorker } from "@/server/mail/mail-job-worker";
import { getMailer } from "@/server/mail/mailer";
import { startSurveyInviter } from "@/server/satisfaction/queue-survey-invitations";
import type { ContentStore } from "@/server/scorm/content-store";

/** Module content (SCORM packages, files) lives under `<data dir>/content`. */
export function getContentStore(): ContentStore {
  return { root: path.resolve(/* turbopackIgnore: true */ env().TREMPLIN_DATA_DIR, "content") };
}

/** The portal's public address, for links in e-mails. */
export function publicBaseUrl(): string {
  const settings = env();
  return (settings.NEXTAUTH_URL ?? `http://localhost:${settings.PORT}`).replace(/\/$/, "");
}

const holder = globalThis as typeof globalThis & { __tremplinMailWorker?: MailWorker };

/** The process's enrolment mail worker, started on first use (at start-up: instrumentation.ts). */
export function getMailWorker(): MailWorker {
  holder.__tremplinMailWorker ??= startMailWorker({
    getDb,
    getMailer,
    baseUrl: publicBaseUrl,
    perSecond: env().TREMPLIN_MAIL_PER_SECOND,
    pollMs: 10_000,
    log: log.child({ component: "mail-jobs" }),
  });
  return holder.__tremplinMailWorker;
}

const inviterHolder = globalThis as typeof globalThis & {
  __tremplinSurveyInviter?: ReturnType<typeof startSurveyInviter>;
};

/** The process's sweep for ended sessions' satisfaction surveys (decision 026), started once. */
export function getSurveyInviter() {
  inviterHolder.__tremplinSurveyInviter ??= startSurveyInviter({
    getDb,
    everyMs: 5 * 60_000,
    onQueued: () => getMailWorker().wake(),
    log: log.child({ component: "satisfaction-surveys" }),
  });
  return inviterHolder.__tremplinSurveyInviter;
}

/** What the learner's route handlers and server actions run against in the portal process. */
export const appDeps = {
  getDb,
  getUser: findCurrentUser,
  getStore: getContentStore,
  /** E-mails are jobs written with the change; this sends them once the answer has left. */
  mailQueued: () => getMailWorker().wake(),
};
