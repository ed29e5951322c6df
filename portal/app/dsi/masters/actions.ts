"use server";
import { revalidatePath } from "next/cache";
import { getFormatter, getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { collectStoreGarbage } from "@/server/masters/collect-store-garbage";
import { createRollout } from "@/server/masters/create-rollout";
import { portalMastersStore } from "@/server/masters/masters-store";
import { formFields, signedInAction } from "@/server/signed-in-action";

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

export async function collectStoreGarbageAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await signedInAction("it_admin", async ({ actor, db }) => {
    const { report, isPreview } = await collectStoreGarbage(db, portalMastersStore(), {
      actor,
      fields: formFields(form),
      now: () => new Date(),
    });
    const t = await getTranslations("masters");
    const format = await getFormatter();
    return t(isPreview ? "cleanPreview" : "cleanDone", {
      versions: report.removedVersions.length,
      list: report.removedVersions.map((v) => `${v.name} ${v.version}`).join(", ") || t("cleanNothing"),
      chunks: report.removedChunks,
      size: format.number(report.removedBytes / 1e6, {
        style: "unit",
        unit: "megabyte",
        maximumFractionDigits: 1,
      }),
    });
  });
  if (state.ok) revalidatePath("/dsi/masters");
  return state;
}
