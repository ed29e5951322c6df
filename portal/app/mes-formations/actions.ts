"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { FormState } from "@/lib/form-state";
import { appDeps } from "@/server/app-deps";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";
import { cancelEnrolment } from "@/server/learning/cancel-enrolment";

/** The confirmed cancellation: back to "Mes formations", which says what became of the seat. */
export async function cancelEnrolmentAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    const user = await requireUser(findCurrentUser, "learner");
    const result = await cancelEnrolment(await getDb(), {
      learner: { id: user.id, name: user.name },
      enrolmentId: form.get("enrolmentId"),
      now: new Date(),
      mailQueued: appDeps.mailQueued,
    });
    return result.wasWaiting ? "leftWaitingList" : result.promoted > 0 ? "promoted" : "cancelled";
  });
  if (!state.ok) return state;
  revalidatePath("/mes-formations");
  redirect(`/mes-formations?annulation=${state.message}`);
}
