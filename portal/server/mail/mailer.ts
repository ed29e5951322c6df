import "server-only";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { env } from "@/env";
import { log } from "@/server/log";
import type { Address, MailMessage } from "./eml";
import { createOutboxMailer } from "./outbox-mailer";

export type { Address, MailMessage };

/**
 * Where the portal's e-mails go. The default writes each message as an .eml file into an outbox
 * folder (`TREMPLIN_MAIL_OUTBOX_DIR`, default `<data dir>/mail-outbox`): any MTA can pick the
 * files up (`sendmail -t < x.eml`, a postfix pickup directory, a cron job), and tests read them.
 *
 * SMTP (`TREMPLIN_SMTP_URL`) is this same interface: an implementation sends `renderEml()`'s text
 * with MAIL FROM / RCPT TO / DATA over STARTTLS or SMTPS. It is not shipped yet; setting the
 * variable fails loudly at the first send rather than losing mail.
 */
export interface Mailer {
  /** Resolves once the message is durably handed over (file renamed into place, or SMTP 250). */
  send(message: MailMessage): Promise<void>;
}

export const defaultSender: Address = { name: "Tremplin", address: "no-reply@tremplin.local" };

const holder = globalThis as typeof globalThis & { __tremplinMailer?: Mailer };

export function getMailer(): Mailer {
  if (holder.__tremplinMailer) return holder.__tremplinMailer;
  const settings = env();
  if (settings.TREMPLIN_SMTP_URL) {
    holder.__tremplinMailer = {
      send: async () => {
        throw new AppError(
          "config_invalid",
          "TREMPLIN_SMTP_URL : l'envoi SMTP n'est pas encore disponible, utilisez le dossier d'envoi (TREMPLIN_MAIL_OUTBOX_DIR).",
        );
      },
    };
    return holder.__tremplinMailer;
  }
  // turbopackIgnore: the folder is chosen at run time, it is not part of the build.
  const dir = path.resolve(
    /* turbopackIgnore: true */
    settings.TREMPLIN_MAIL_OUTBOX_DIR ?? path.join(settings.TREMPLIN_DATA_DIR, "mail-outbox"),
  );
  holder.__tremplinMailer = createOutboxMailer(dir);
  return holder.__tremplinMailer;
}

/**
 * Sends after the write it reports on has committed. A mail that cannot be sent never undoes
 * the enrolment: it is logged with the recipient's id for support, and the page still shows
 * the outcome.
 */
export async function sendAfterCommit(mailer: Mailer, messages: MailMessage[]): Promise<void> {
  for (const message of messages) {
    try {
      await mailer.send(message);
    } catch (error) {
      log.error({ err: error, subject: message.subject }, "e-mail not sent");
    }
  }
}
