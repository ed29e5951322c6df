import { AppError } from "@tremplin/domain/errors";
import { startKioskAgent } from "../agent/start-agent";
import type { CliFlags } from "../cli";
import { loadKioskConfig } from "../config";
import { waitForRegistration } from "../first-boot/first-boot-server";
import { createLogger } from "../log";
import { findDeviceToken } from "../portal/token-file";

/** `agent --config <file>`: runs until SIGTERM/SIGINT, then ends the session cleanly. */
export async function runAgent(flags: CliFlags): Promise<number> {
  if (!flags.config) throw new AppError("invalid_input", "--config <fichier> est obligatoire.");
  const config = await loadKioskConfig(flags.config);
  const log = createLogger({ level: config.logLevel });
  if (config.firstBoot && !(await findDeviceToken(config.portal.tokenFile, log))) {
    await waitForRegistration(config, log);
  }
  const handle = await startKioskAgent(config, { log });
  log.info({ url: handle.url, room: handle.view().room, display: config.display }, "agent started");
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "agent stopping");
      handle
        .stop()
        .then(
          () => 0,
          (error: unknown) => {
            log.error({ err: error }, "agent stop failed");
            return 1;
          },
        )
        .then((code) => {
          resolve(code);
          // Everything is closed and logged (pino writes synchronously); a library socket still
          // open (e.g. an LDAP connection) must not keep systemd waiting until its SIGKILL.
          setTimeout(() => process.exit(code), 200).unref();
        });
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}
