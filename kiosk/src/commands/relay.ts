import { AppError } from "@tremplin/domain/errors";
import type { CliFlags } from "../cli";
import { createLogger } from "../log";
import { loadRelayConfig } from "../relay/relay-config";
import { startRelay } from "../relay/start-relay";

/** `relay --config <file>`: a site's relay, until SIGTERM/SIGINT. */
export async function runRelay(flags: CliFlags): Promise<number> {
  if (!flags.config) throw new AppError("invalid_input", "--config <fichier> est obligatoire.");
  const config = await loadRelayConfig(flags.config);
  const log = createLogger({ level: config.logLevel, name: "tremplin-relay" });
  const relay = await startRelay(config, { log });
  log.info({ url: relay.url, store: config.storeDir, capMbps: config.capMbps }, "relay started");
  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, "relay stopping");
      relay.stop().then(
        () => resolve(0),
        (error: unknown) => {
          log.error({ err: error }, "relay stop failed");
          resolve(1);
        },
      );
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}
