"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";
import { createRollout } from "@/server/masters/create-rollout";
import { portalMastersStore } from "@/server/masters/masters-store";

export async function createRolloutAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "it_admin");
    const fields = Object.fromEntries(
      ["master", "roomId", "startsOn", "endsOn"].map((k) => [k, form.get(k)]),
    );
    await createRollout(await getDb(), portalMastersStore(), { actor, fields, now: new Date() });
    const [master, version] = String(fields.master).split("@");
    return (await getTranslations("masters"))("created", { master: master ?? "", version: version ?? "" });
  });
  if (state.ok) revalidatePath("/dsi/masters");
  return state;
}
