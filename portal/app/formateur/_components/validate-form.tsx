"use client";
import { useTranslations } from "next-intl";
import { validateHalfDayAction } from "../sessions/[id]/actions";
import { HalfDayForm } from "./half-day-form";

/**
 * The trainer's validation of one half-day: one button, its outcome announced. Trainees with no
 * presence recorded (`unconfirmed`) will stand absent on the signed sheet: the trainer is told
 * who, and asked, before validating.
 */
export function ValidateForm(props: {
  sessionId: string;
  date: string;
  period: string;
  label: string;
  unconfirmed: string[];
}) {
  const t = useTranslations("trainer.validation");
  return (
    <HalfDayForm
      action={validateHalfDayAction}
      sessionId={props.sessionId}
      date={props.date}
      period={props.period}
      label={props.label}
      question={
        props.unconfirmed.length > 0
          ? t("confirmUnconfirmed", { count: props.unconfirmed.length, names: props.unconfirmed.join(", ") })
          : null
      }
      buttonClassName="border-brand-700 text-brand-700 hover:bg-brand-50"
    />
  );
}
