"use client";
import { useTranslations } from "next-intl";
import { type FormEvent, useActionState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { initialFormState } from "@/lib/form-state";
import { sessionAction } from "../actions";

type Props = {
  trainingId: string;
  sessionId: string;
  /** The learner's live enrolment in this session, if any. */
  enrolmentId: string | null;
  /** That enrolment is a place on the waiting list: the button leaves the list. */
  isWaiting: boolean;
  isOpen: boolean;
  isFull: boolean;
  when: string;
  /** Said before enrolling when the learner holds another session at the same time. */
  overlapWarning?: string | undefined;
};

/**
 * Enrol in a session, or cancel: one form whose outcome (role=status, or alert for a refusal)
 * stays next to the button when the page re-renders with the session's new state. A session at
 * the same time as one the learner holds is named beforehand and enrolled in only once confirmed
 * (the server refuses it otherwise).
 */
export function SessionActions(props: Props) {
  const t = useTranslations("training.enrol");
  const [state, action, pending] = useActionState(sessionAction, initialFormState);
  const intent = props.enrolmentId ? "cancel" : "enrol";
  const visible =
    intent === "cancel"
      ? t(props.isWaiting ? "leaveWaitingList" : "cancel")
      : props.isFull
        ? t("joinWaitingList")
        : t("enrol");
  const confirmOverlap = (event: FormEvent<HTMLFormElement>) => {
    if (
      intent === "enrol" &&
      props.overlapWarning &&
      !window.confirm(`${props.overlapWarning} ${t("overlapConfirm")}`)
    )
      event.preventDefault();
  };
  return (
    <form action={action} onSubmit={confirmOverlap} className="space-y-2">
      {intent === "enrol" && props.overlapWarning && (
        <>
          <p className="max-w-xs text-left text-sm font-medium text-amber-800">{props.overlapWarning}</p>
          <input type="hidden" name="acceptOverlap" value="1" />
        </>
      )}
      <input type="hidden" name="trainingId" value={props.trainingId} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="sessionId" value={props.sessionId} />
      {props.enrolmentId && <input type="hidden" name="enrolmentId" value={props.enrolmentId} />}
      {props.isOpen && (
        <Button
          look={intent === "enrol" ? "primary" : "secondary"}
          disabled={pending}
          // WCAG 2.5.3: the accessible name starts with the visible text.
          aria-label={`${visible} — ${props.when}`}
        >
          {pending ? t("pending") : visible}
        </Button>
      )}
      <FormFeedback ok={state.ok} message={state.message} className="max-w-xs text-sm" />
    </form>
  );
}
