"use server";
import { revalidatePath } from "next/cache";
import { type RunFormState, runProvisioningFromForm } from "@/server/provisioning/pages";

export async function runProvisioningAction(_previous: RunFormState, form: FormData): Promise<RunFormState> {
  const state = await runProvisioningFromForm(form);
  // The history below the form shows the new run; the passwords stay in this answer only.
  if (state.result) revalidatePath("/dsi/provisionnement");
  return state;
}
