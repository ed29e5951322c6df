"use client";
import type { PlanningChoices } from "@tremplin/db/queries/planning";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { createSessionAction, type PlanningFormState, updateSessionAction } from "../actions";

type Values = Record<string, string>;
const initial: PlanningFormState = { ok: false, message: "", fieldErrors: {} };
const inputClass = (error?: string) =>
  `mt-1 block w-full rounded-lg border px-3 py-2 ${error ? "border-red-600" : "border-slate-400"}`;

function Field(props: {
  name: string;
  label: string;
  error?: string | undefined;
  children: React.ReactNode;
  hint?: string;
}) {
  return (
    <div>
      <label htmlFor={props.name} className="block font-medium">
        {props.label}
      </label>
      {props.children}
      {props.hint && (
        <p id={`${props.name}-hint`} className="text-sm text-slate-600">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.name}-error`} className="mt-1 text-sm font-medium text-red-700">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Creates a session, or edits one at the version it was read (hidden field). */
export function SessionForm({
  choices,
  values,
  sessionId,
}: {
  choices: PlanningChoices;
  values?: Values;
  sessionId?: string;
}) {
  const t = useTranslations("planning.form");
  const [state, action, pending] = useActionState(
    sessionId ? updateSessionAction : createSessionAction,
    initial,
  );
  const v = { ...values, ...state.values };
  const e = state.fieldErrors;
  const aria = (name: string) => ({
    id: name,
    name,
    "aria-invalid": e[name] ? true : undefined,
    "aria-describedby": e[name] ? `${name}-error` : undefined,
  });
  const isStale = !state.ok && /entre-temps/.test(state.message);
  return (
    <form key={state.round ?? "first"} action={action} className="max-w-3xl space-y-5" noValidate>
      {sessionId && <input type="hidden" name="sessionId" value={sessionId} />}
      {v.version && <input type="hidden" name="version" value={v.version} />}
      {state.message && !state.ok && (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-red-900">
          <p>{state.message}</p>
          {isStale && (
            <a href={`/dsi/planning/sessions/${sessionId}`} className="font-semibold underline">
              {t("reload")}
            </a>
          )}
        </div>
      )}
      <Field name="trainingId" label={t("training")} error={e.trainingId}>
        <select
          {...aria("trainingId")}
          defaultValue={v.trainingId ?? ""}
          className={inputClass(e.trainingId)}
        >
          <option value="">{t("choose")}</option>
          {choices.trainings.map((c) => (
            <option key={c.id} value={c.id}>{`${c.title} (${c.code})`}</option>
          ))}
        </select>
      </Field>
      <Field name="roomId" label={t("room")} error={e.roomId}>
        <select {...aria("roomId")} defaultValue={v.roomId ?? ""} className={inputClass(e.roomId)}>
          <option value="">{t("remote")}</option>
          {choices.rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {t("roomOption", { site: r.siteName, room: r.name, posts: r.capacity })}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field name="trainerId" label={t("trainer")} error={e.trainerId}>
          <select {...aria("trainerId")} defaultValue={v.trainerId ?? ""} className={inputClass(e.trainerId)}>
            <option value="">{t("choose")}</option>
            {choices.trainers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="masterVersionId" label={t("master")} error={e.masterVersionId}>
          <select
            {...aria("masterVersionId")}
            defaultValue={v.masterVersionId ?? ""}
            className={inputClass(e.masterVersionId)}
          >
            <option value="">{t("noMaster")}</option>
            {choices.masterVersions.map((m) => (
              <option key={m.id} value={m.id}>{`${m.name} ${m.version}`}</option>
            ))}
          </select>
        </Field>
      </div>
      <div className="grid gap-5 sm:grid-cols-4">
        <Field name="startDate" label={t("startDate")} error={e.startDate}>
          <input
            type="date"
            {...aria("startDate")}
            defaultValue={v.startDate ?? ""}
            className={inputClass(e.startDate)}
          />
        </Field>
        <Field name="startTime" label={t("startTime")} error={e.startTime}>
          <input
            type="time"
            {...aria("startTime")}
            defaultValue={v.startTime ?? "09:00"}
            className={inputClass(e.startTime)}
          />
        </Field>
        <Field name="endDate" label={t("endDate")} error={e.endDate}>
          <input
            type="date"
            {...aria("endDate")}
            defaultValue={v.endDate ?? ""}
            className={inputClass(e.endDate)}
          />
        </Field>
        <Field name="endTime" label={t("endTime")} error={e.endTime}>
          <input
            type="time"
            {...aria("endTime")}
            defaultValue={v.endTime ?? "17:00"}
            className={inputClass(e.endTime)}
          />
        </Field>
      </div>
      <p className="text-sm text-slate-600">{t("datesHint")}</p>
      <Field name="capacity" label={t("capacity")} error={e.capacity}>
        <input
          type="number"
          min={1}
          max={500}
          inputMode="numeric"
          {...aria("capacity")}
          defaultValue={v.capacity ?? ""}
          className={`${inputClass(e.capacity)} max-w-40`}
        />
      </Field>
      <Button size="lg" disabled={pending}>
        {pending ? t("saving") : sessionId ? t("saveChanges") : t("create")}
      </Button>
    </form>
  );
}
