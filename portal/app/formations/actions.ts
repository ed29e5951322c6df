"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { appDeps } from "@/server/app-deps";
import { cancelEnrolment } from "@/server/learning/cancel-enrolment";
import { enrolInSession } from "@/server/learning/enrol-in-session";
import { signedInAction } from "@/server/signed-in-action";

/**
 * The training page's one action per session: enrol (`intent=enrol`) or cancel. One action so
 * that its outcome stays on screen when the page re-renders with the new state of the session.
 */
export async function sessionAction(_previous: FormState, form: FormData): Promise<FormState> {
  const intent = form.get("intent");
  const state = await signedInAction("learner", async ({ actor: user, db, now }) => {
    const learner = { id: user.id, name: user.name };
    const t = await getTranslations("training.enrol");
    const common = {
      learner,
      now,
      mailQueued: appDeps.mailQueued,
    };
    if (intent === "enrol") {
      const result = await enrolInSession(db, {
        ...common,
        sessionId: form.get("sessionId"),
        // Sent only by a form that showed the clash and had it confirmed.
        acceptOverlap: form.get("acceptOverlap") === "1",
      });
      return result.outcome === "enrolled" ? t("enrolled") : t("waitlisted", { position: result.position });
    }
    const result = await cancelEnrolment(db, { ...common, enrolmentId: form.get("enrolmentId") });
    if (result.wasWaiting) return t("leftWaitingList");
    return result.promoted > 0 ? `${t("cancelled")} ${t("seatPassedOn")}` : t("cancelled");
  });
  if (state.ok) {
    revalidatePath(`/formations/${String(form.get("trainingId") ?? "")}`);
    revalidatePath("/mes-formations");
  }
  return state;
}
