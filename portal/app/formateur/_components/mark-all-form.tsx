"use client";
import { useTranslations } from "next-intl";
import { markAllPresentAction } from "../sessions/[id]/actions";
import { HalfDayForm } from "./half-day-form";

/**
 * "Tous présents" for one half-day: the trainees not yet present are named in one confirmation,
 * then each gets the same audited correction as a single one. The half-day is validated after.
 * With nobody left to mark, only the outcome of the last click remains.
 */
export function MarkAllForm(props: {
  sessionId: string;
  date: string;
  period: string;
  label: string;
  names: string[];
}) {
  const t = useTranslations("trainer.markAll");
  return (
    <HalfDayForm
      action={markAllPresentAction}
      sessionId={props.sessionId}
      date={props.date}
      period={props.period}
      label={props.names.length > 0 ? props.label : null}
      question={t("confirm", { count: props.names.length, names: props.names.join(", ") })}
      buttonClassName="border-slate-500 text-slate-800 hover:bg-slate-100"
    />
  );
}
