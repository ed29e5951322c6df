"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { FormState } from "@/lib/form-state";
import { requireUser } from "@/server/auth/current-user";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";
import { publicBaseUrl } from "@/server/learning/app-deps";
import { cancelEnrolment } from "@/server/learning/cancel-enrolment";
import { enrolInSession } from "@/server/learning/enrol-in-session";
import { getMailer } from "@/server/mail/mailer";

export async function enrolAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    const user = await requireUser("learner");
    const result = await enrolInSession(await getDb(), {
      learner: { id: user.id, name: user.name },
      sessionId: form.get("sessionId"),
      now: new Date(),
      mailer: getMailer(),
      baseUrl: publicBaseUrl(),
    });
    const t = await getTranslations("training.enrol");
    return result.outcome === "enrolled" ? t("enrolled") : t("waitlisted", { position: result.position });
  });
  revalidatePath(`/formations/${String(form.get("trainingId") ?? "")}`);
  return state;
}

export async function cancelAction(_previous: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    const user = await requireUser("learner");
    const result = await cancelEnrolment(await getDb(), {
      learner: { id: user.id, name: user.name },
      enrolmentId: form.get("enrolmentId"),
      now: new Date(),
      mailer: getMailer(),
      baseUrl: publicBaseUrl(),
    });
    const t = await getTranslations("training.enrol");
    return result.promoted > 0 ? `${t("cancelled")} ${t("seatPassedOn")}` : t("cancelled");
  });
  revalidatePath("/mes-formations");
  revalidatePath(`/formations/${String(form.get("trainingId") ?? "")}`);
  return state;
}
