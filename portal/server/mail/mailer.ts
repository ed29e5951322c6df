import "server-only";
import path from "node:path";
import { env, type PortalEnv } from "@/env";
import { log } from "@/server/log";
import type { Address, MailMessage } from "./eml";
import type { DeliveryStatus, OutboxDeliverer } from "./outbox-deliverer";
import { openOutboxFolder } from "./outbox-folder";
import { createOutboxMailer } from "./outbox-mailer";
import { createSmtpMailer } from "./smtp-mailer";

export type { Address, MailMessage };

/**
 * Where the portal's e-mails go. Every message is first written as an .eml file into the outbox
 * folder (`TREMPLIN_MAIL_OUTBOX_DIR`, default `<data dir>/mail-outbox`).
 *
 * Without `TREMPLIN_SMTP_URL` that is all: any MTA can pick the files up (`sendmail -t < x.eml`,
 * a postfix pickup directory, a cron job), and tests read them. With it, a deliverer running in
 * every portal instance sends the files over SMTP (STARTTLS or SMTPS, certificate verified) and
 * moves them to `sent/` or, refused for good, to `rejected/`; see `outbox-deliverer.ts`.
 */
export interface Mailer {
  /** Resolves once the message is durably handed over: its .eml file renamed into the outbox. */
  send(message: MailMessage): Promise<void>;
}

/** Who the portal's mails come from: "Tremplin" at `TREMPLIN_MAIL_FROM`. */
export function mailSender(): Address {
  return { name: "Tremplin", address: env().TREMPLIN_MAIL_FROM };
}

const holder = globalThis as typeof globalThis & {
  __tremplinMailer?: Mailer;
  __tremplinDeliverer?: OutboxDeliverer;
};

function outboxDir(settings: PortalEnv): string {
  // turbopackIgnore: the folder is chosen at run time, it is not part of the build.
  return path.resolve(
    /* turbopackIgnore: true */
    settings.TREMPLIN_MAIL_OUTBOX_DIR ?? path.join(settings.TREMPLIN_DATA_DIR, "mail-outbox"),
  );
}

/** The process's mailer; with SMTP, the first call also starts the deliverer. */
export function getMailer(): Mailer {
  if (holder.__tremplinMailer) return holder.__tremplinMailer;
  const settings = env();
  const dir = outboxDir(settings);
  if (!settings.TREMPLIN_SMTP_URL) {
    holder.__tremplinMailer = createOutboxMailer(dir);
    return holder.__tremplinMailer;
  }
  const mailer = createSmtpMailer({
    dir,
    smtp: { url: settings.TREMPLIN_SMTP_URL, caFile: settings.TREMPLIN_SMTP_CA_FILE },
    log: log.child({ component: "mail" }),
  });
  mailer.deliverer.start();
  holder.__tremplinDeliverer = mailer.deliverer;
  holder.__tremplinMailer = mailer;
  return mailer;
}

/**
 * Mails not handed over yet (in the outbox folder, or being sent) and, with SMTP, the last
 * failure: for the metrics IT watches.
 */
export async function getMailStatus(): Promise<DeliveryStatus> {
  getMailer();
  if (holder.__tremplinDeliverer) return holder.__tremplinDeliverer.status();
  return { pending: await openOutboxFolder(outboxDir(env())).countPending(), lastError: undefined };
}
