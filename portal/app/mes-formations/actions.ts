"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { FormState } from "@/lib/form-state";
import { appDeps } from "@/server/app-deps";
import { cancelEnrolment } from "@/server/learning/cancel-enrolment";
import { signedInAction } from "@/server/signed-in-action";

/** The confirmed cancellation: back to "Mes formations", which says what became of the seat. */
export async function cancelEnrolmentAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await signedInAction("learner", async ({ actor: user, db, now }) => {
    const result = await cancelEnrolment(db, {
      learner: { id: user.id, name: user.name },
      enrolmentId: form.get("enrolmentId"),
      now,
      mailQueued: appDeps.mailQueued,
    });
    return result.wasWaiting ? "leftWaitingList" : result.promoted > 0 ? "promoted" : "cancelled";
  });
  if (!state.ok) return state;
  revalidatePath("/mes-formations");
  redirect(`/mes-formations?annulation=${state.message}`);
}
