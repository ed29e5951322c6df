import "server-only";
import pino from "pino";
import { env } from "@/env";

/** One JSON logger for the portal; request handlers log through `child({ requestId })`. */
export const log = pino({
  level: env().LOG_LEVEL,
  base: { app: "portal" },
  redact: ["password", "*.password", "token", "*.token", "headers.authorization", "headers.cookie"],
});
