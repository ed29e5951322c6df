"use server";
import { revalidatePath } from "next/cache";
import type { FormState } from "@/lib/form-state";
import { setCertificateLegalHold } from "@/server/certificates/search-certificates";
import { formFields, signedInAction } from "@/server/signed-in-action";

export async function legalHoldAction(_previous: FormState, form: FormData): Promise<FormState> {
  const fields = formFields(form);
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const result = await setCertificateLegalHold(db, { actor, fields, now });
    return result.hold
      ? `${result.code} : suspension légale posée, la conservation ne court plus.`
      : `${result.code} : suspension légale levée.`;
  });
  if (state.ok) revalidatePath("/dsi/certificats");
  return state;
}
