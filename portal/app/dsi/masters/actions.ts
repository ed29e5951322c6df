"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { createRollout } from "@/server/masters/create-rollout";
import { portalMastersStore } from "@/server/masters/masters-store";
import { signedInAction } from "@/server/signed-in-action";

export async function createRolloutAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const fields = Object.fromEntries(
      ["master", "roomId", "startsOn", "endsOn"].map((k) => [k, form.get(k)]),
    );
    await createRollout(db, portalMastersStore(), { actor, fields, now });
    const [master, version] = String(fields.master).split("@");
    return (await getTranslations("masters"))("created", { master: master ?? "", version: version ?? "" });
  });
  if (state.ok) revalidatePath("/dsi/masters");
  return state;
}
