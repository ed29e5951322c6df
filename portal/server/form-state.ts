import "server-only";
import { isAppError } from "@tremplin/domain/errors";
import type { FormState } from "@/lib/form-state";
import { databaseUnavailable, isConnectionFailure } from "./database-errors";
import { log } from "./log";

/**
 * Runs a server action's use case and turns its outcome into form state: domain errors become
 * messages next to their fields, a lost database says to try again (database-errors.ts); anything
 * unexpected is logged and shown as a generic failure.
 */
export async function formAction(run: () => Promise<string>): Promise<FormState> {
  try {
    return { ok: true, message: await run(), fieldErrors: {} };
  } catch (error) {
    // A lost database is told as route()'s mapper tells it (a 503 there), not as a bug.
    if (isConnectionFailure(error)) {
      const unavailable = databaseUnavailable(error);
      log.error({ err: error }, unavailable.message);
      return { ok: false, message: unavailable.message, fieldErrors: {} };
    }
    if (isAppError(error) && error.code !== "config_invalid" && error.code !== "unavailable") {
      const fieldErrors = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
      return { ok: false, message: error.message, fieldErrors };
    }
    log.error({ err: error }, "form action failed");
    return { ok: false, message: "Une erreur est survenue. Réessayez dans un instant.", fieldErrors: {} };
  }
}
