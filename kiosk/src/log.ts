import pino, { type Logger } from "pino";

export type { Logger };

/** JSON lines on stderr (journald captures them under systemd); silent in tests unless asked. */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    { name: options.name ?? "tremplin-kiosk", level: options.level ?? "info" },
    pino.destination(2),
  );
}

export const silentLogger: Logger = pino({ level: "silent" });
