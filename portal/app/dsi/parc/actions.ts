"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { CodeState } from "@/components/fleet/code-state";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { issueRegistrationCode } from "@/server/fleet/issue-registration-code";
import { formAction } from "@/server/form-state";

/** A one-time code for a spare NUC to take over a post: the dead machine's token ends when it registers. */
export async function replaceKioskAction(_previous: CodeState, form: FormData): Promise<CodeState> {
  let issued: Awaited<ReturnType<typeof issueRegistrationCode>> | undefined;
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "it_admin");
    issued = await issueRegistrationCode(await getDb(), {
      actor,
      kioskId: String(form.get("kioskId")),
      now: new Date(),
      purpose: "replacement",
    });
    return (await getTranslations("fleet.actions"))("replacementCodeIssued", { label: issued.label });
  });
  revalidatePath("/dsi/parc");
  return issued ? { ...state, code: issued.code, expiresAt: issued.expiresAt.toISOString() } : state;
}
