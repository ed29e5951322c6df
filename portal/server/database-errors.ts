import "server-only";
import { AppError } from "@tremplin/domain/errors";

// Connection-level failures, as node-postgres reports them: socket errors, the server shutting
// down (57P01 admin_shutdown, 57P02, 57P03 cannot_connect_now), SQLSTATE class 08, too many clients.
const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
const connectionMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
];

/** True when `error` (or what it wraps) says the database could not be reached or went away. */
export function isConnectionFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current === "object") {
      const code = (current as { code?: unknown }).code;
      if (typeof code === "string" && connectionCodes.has(code)) return true;
      const message = (current as { message?: unknown }).message;
      if (typeof message === "string" && connectionMessages.some((m) => m.test(message))) return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A lost database, in words a person can act on. Use cases do not catch outages: route()'s error
 * mapper answers this with a 503 and formAction shows its message.
 */
export function databaseUnavailable(cause: unknown): AppError {
  // A commit whose answer was lost may still have landed, so the message says to check; every use
  // case is safe to retry (unique keys, or a check against the current state).
  return new AppError(
    "unavailable",
    "La base de données ne répond pas : l'enregistrement n'a pas pu être confirmé. Réessayez dans un instant.",
    { cause },
  );
}
