"use server";
import { env } from "@/env";
import type { FormState } from "@/lib/form-state";
import { registerLocalLearner } from "@/server/auth/register-local-learner";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";

export async function registerAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async () => {
    if (!env().TREMPLIN_SELF_REGISTRATION) return "closed";
    await registerLocalLearner(await getDb(), {
      email: form.get("email"),
      displayName: form.get("displayName"),
      password: form.get("password"),
    });
    return "done";
  });
}
