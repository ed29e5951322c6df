import "server-only";
import type { Db } from "@tremplin/db/client";
import type { Role } from "@tremplin/domain/auth";
import type { FormState } from "@/lib/form-state";
import { findCurrentUser } from "./auth/current-user";
import { requireUser } from "./auth/guards";
import type { SessionUser } from "./auth/options";
import { getDb } from "./db";
import { formAction } from "./form-state";

/** What a server action's use case is given: who asks, the database, the time of the request. */
export type ActionContext = { actor: SessionUser; db: Db; now: Date };

/**
 * A server action's body for a signed-in person holding one of `roles`: `run` gets that person,
 * the database and the time, and returns the message to show. Refusals and failures become form
 * state as in `formAction` (a visitor or another role gets the guard's message).
 */
export function signedInAction(
  roles: Role | Role[],
  run: (context: ActionContext) => Promise<string>,
): Promise<FormState> {
  return formAction(async () => {
    const actor = await requireUser(findCurrentUser, ...(Array.isArray(roles) ? roles : [roles]));
    return run({ actor, db: await getDb(), now: new Date() });
  });
}

/** A form's fields as strings, for use cases that parse them (each with its own zod schema). */
export const formFields = (form: FormData): Record<string, string> =>
  Object.fromEntries([...form.entries()].map(([key, value]) => [key, String(value)]));
