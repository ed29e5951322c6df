import "server-only";
import path from "node:path";
import { after } from "next/server";
import { env } from "@/env";
import { findCurrentUser } from "@/server/auth/current-user";
import { getDb } from "@/server/db";
import { getMailer } from "@/server/mail/mailer";
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

/** What the learner's route handlers and server actions run against in the portal process. */
export const appDeps = {
  getDb,
  getUser: findCurrentUser,
  getMailer,
  getStore: getContentStore,
  baseUrl: publicBaseUrl,
  /** E-mails go out once the answer has left: a slow disk or mail relay never delays the learner. */
  defer: (task: () => Promise<void>) => after(task),
};
