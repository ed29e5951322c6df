"use server";
import { revalidatePath } from "next/cache";
import type { FormState } from "@/lib/form-state";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { setCertificateLegalHold } from "@/server/certificates/search-certificates";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";

export async function legalHoldAction(_previous: FormState, form: FormData): Promise<FormState> {
  const fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "it_admin");
    const result = await setCertificateLegalHold(await getDb(), { actor, fields, now: new Date() });
    return result.hold
      ? `${result.code} : suspension légale posée, la conservation ne court plus.`
      : `${result.code} : suspension légale levée.`;
  });
  if (state.ok) revalidatePath("/dsi/certificats");
  return state;
}
