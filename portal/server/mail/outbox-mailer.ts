import { randomUUID } from "node:crypto";
import { mkdir, open, rename } from "node:fs/promises";
import path from "node:path";
import { renderEml } from "./eml";
import type { Mailer } from "./mailer";

/**
 * Writes each message to `<dir>/<time>-<id>.eml` atomically: into a `.tmp` file first, flushed
 * to disk, then renamed. A reader of the folder never sees half a message; `.tmp` files left by
 * a crash are not messages.
 */
export function createOutboxMailer(dir: string, now: () => Date = () => new Date()): Mailer {
  let folder: Promise<unknown> | undefined; // made once per mailer, not once per message
  return {
    async send(message) {
      folder ??= mkdir(dir, { recursive: true }).catch((error) => {
        folder = undefined;
        throw error;
      });
      await folder;
      const writtenAt = now();
      const eml = await renderEml(message, writtenAt);
      const name = `${writtenAt.toISOString().replace(/[:.]/g, "-")}-${randomUUID()}.eml`;
      const temp = path.join(dir, `.${name}.tmp`);
      const file = await open(temp, "wx", 0o640);
      try {
        await file.writeFile(eml, "utf8");
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path.join(dir, name));
    },
  };
}
