import type { Mailer } from "./mailer";
import { createOutboxDeliverer, type DelivererOptions, type OutboxDeliverer } from "./outbox-deliverer";
import { createOutboxMailer } from "./outbox-mailer";
import { createSmtpSender, type SmtpSettings } from "./smtp-sender";

export type SmtpMailerOptions = Omit<DelivererOptions, "sender"> & { smtp: SmtpSettings };

/**
 * SMTP without ever losing a mail: `send` resolves once the .eml is durably in the outbox folder
 * (exactly as without SMTP), then wakes the deliverer that hands it to the relay. A relay that is
 * down, or a restart, only delays the mail. Call `deliverer.start()` to begin.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer & { deliverer: OutboxDeliverer } {
  const { smtp, ...delivery } = options;
  const outbox = createOutboxMailer(options.dir, options.now);
  const deliverer = createOutboxDeliverer({ ...delivery, sender: createSmtpSender(smtp) });
  return {
    deliverer,
    async send(message) {
      await outbox.send(message);
      deliverer.wake();
    },
  };
}
