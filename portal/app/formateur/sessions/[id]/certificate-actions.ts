"use server";
import { revalidatePath } from "next/cache";
import type { FormState } from "@/lib/form-state";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getIssuanceDeps } from "@/server/certificates/issuance-deps";
import { reissueCertificate } from "@/server/certificates/reissue-certificate";
import { revokeCertificate } from "@/server/certificates/revoke-certificate";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";

/** Revokes or reissues one certificate of the session, as the button pressed says, with the reason typed. */
export async function manageCertificateAction(_previous: FormState, form: FormData): Promise<FormState> {
  const sessionId = String(form.get("sessionId") ?? "");
  const input = {
    code: form.get("code"),
    body: { reason: String(form.get("reason") ?? "") },
    now: new Date(),
  };
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "trainer", "it_admin");
    const db = await getDb();
    if (form.get("intent") === "reissue") {
      const result = await reissueCertificate(db, await getIssuanceDeps(), { actor, ...input });
      return `Certificat réémis : ${result.code} remplace ${result.supersedes}.`;
    }
    const result = await revokeCertificate(db, await getIssuanceDeps(), { actor, ...input });
    return `Certificat ${result.code} révoqué.`;
  });
  if (state.ok) revalidatePath(`/formateur/sessions/${sessionId}`);
  return state;
}
