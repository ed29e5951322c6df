"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { appDeps } from "@/server/app-deps";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";
import { cancelEnrolment } from "@/server/learning/cancel-enrolment";
import { enrolInSession } from "@/server/learning/enrol-in-session";

/**
 * The training page's one action per session: enrol (`intent=enrol`) or cancel. One action so
 * that its outcome stays on screen when the page re-renders with the new state of the session.
 */
export async function sessionAction(_previous: FormState, form: FormData): Promise<FormState> {
  const intent = form.get("intent");
  const state = await formAction(async () => {
    const user = await requireUser(findCurrentUser, "learner");
    const learner = { id: user.id, name: user.name };
    const t = await getTranslations("training.enrol");
    const common = {
      learner,
      now: new Date(),
      mailQueued: appDeps.mailQueued,
    };
    if (intent === "enrol") {
      const result = await enrolInSession(await getDb(), {
        ...common,
        sessionId: form.get("sessionId"),
        // Sent only by a form that showed the clash and had it confirmed.
        acceptOverlap: form.get("acceptOverlap") === "1",
      });
      return result.outcome === "enrolled" ? t("enrolled") : t("waitlisted", { position: result.position });
    }
    const result = await cancelEnrolment(await getDb(), { ...common, enrolmentId: form.get("enrolmentId") });
    if (result.wasWaiting) return t("leftWaitingList");
    return result.promoted > 0 ? `${t("cancelled")} ${t("seatPassedOn")}` : t("cancelled");
  });
  if (state.ok) {
    revalidatePath(`/formations/${String(form.get("trainingId") ?? "")}`);
    revalidatePath("/mes-formations");
  }
  return state;
}
