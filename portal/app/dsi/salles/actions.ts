"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { CodeState } from "@/components/fleet/code-state";
import type { FormState } from "@/lib/form-state";
import { addKiosk } from "@/server/fleet/add-kiosk";
import { addRoom } from "@/server/fleet/add-room";
import { issueRegistrationCode } from "@/server/fleet/issue-registration-code";
import { revokeKiosk } from "@/server/fleet/revoke-kiosk";
import { signedInAction } from "@/server/signed-in-action";

export async function issueCodeAction(_previous: CodeState, form: FormData): Promise<CodeState> {
  let issued: Awaited<ReturnType<typeof issueRegistrationCode>> | undefined;
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    issued = await issueRegistrationCode(db, {
      actor,
      kioskId: String(form.get("kioskId")),
      now,
    });
    return (await getTranslations("fleet.actions"))("codeIssued", { label: issued.label });
  });
  revalidatePath("/dsi/salles");
  return issued ? { ...state, code: issued.code, expiresAt: issued.expiresAt.toISOString() } : state;
}

export async function revokeKioskAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const result = await revokeKiosk(db, {
      actor,
      kioskId: String(form.get("kioskId")),
      reason: String(form.get("reason") ?? ""),
      now,
    });
    const t = await getTranslations("fleet.actions");
    return t(result.wasAlreadyRevoked ? "alreadyRevoked" : "revoked", { label: result.label });
  });
  if (state.ok) revalidatePath("/dsi/salles");
  return state;
}

export async function addKioskAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const fields = { roomId: form.get("roomId"), label: form.get("label") };
    const added = await addKiosk(db, { actor, fields, now });
    return (await getTranslations("fleet.actions"))("kioskAdded", { label: added.label });
  });
  if (state.ok) revalidatePath("/dsi/salles");
  return state;
}

export async function addRoomAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await signedInAction("it_admin", async ({ actor, db, now }) => {
    const fields = { siteId: form.get("siteId"), name: form.get("name"), capacity: form.get("capacity") };
    const added = await addRoom(db, { actor, fields, now });
    return (await getTranslations("fleet.actions"))("roomAdded", { name: added.name });
  });
  if (state.ok) revalidatePath("/dsi/salles");
  return state;
}
