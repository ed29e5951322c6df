"use client";
import type { PlanningChoices } from "@tremplin/db/queries/planning";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormField, SelectField } from "@/components/form-field";
import { createSessionAction, type PlanningFormState, updateSessionAction } from "../actions";

type Values = Record<string, string>;
const initial: PlanningFormState = { ok: false, message: "", fieldErrors: {} };

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
  const field = (name: string) => ({
    name,
    size: "md" as const,
    error: e[name],
    defaultValue: v[name] ?? "",
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
      <SelectField {...field("trainingId")} label={t("training")}>
        <option value="">{t("choose")}</option>
        {choices.trainings.map((c) => (
          <option key={c.id} value={c.id}>{`${c.title} (${c.code})`}</option>
        ))}
      </SelectField>
      <SelectField {...field("roomId")} label={t("room")}>
        <option value="">{t("remote")}</option>
        {choices.rooms.map((r) => (
          <option key={r.id} value={r.id}>
            {t("roomOption", { site: r.siteName, room: r.name, posts: r.capacity })}
          </option>
        ))}
      </SelectField>
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField {...field("trainerId")} label={t("trainer")}>
          <option value="">{t("choose")}</option>
          {choices.trainers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField {...field("masterVersionId")} label={t("master")}>
          <option value="">{t("noMaster")}</option>
          {choices.masterVersions.map((m) => (
            <option key={m.id} value={m.id}>{`${m.name} ${m.version}`}</option>
          ))}
        </SelectField>
      </div>
      <div className="grid gap-5 sm:grid-cols-4">
        <FormField {...field("startDate")} label={t("startDate")} type="date" />
        <FormField
          {...field("startTime")}
          label={t("startTime")}
          type="time"
          defaultValue={v.startTime ?? "09:00"}
        />
        <FormField {...field("endDate")} label={t("endDate")} type="date" />
        <FormField
          {...field("endTime")}
          label={t("endTime")}
          type="time"
          defaultValue={v.endTime ?? "17:00"}
        />
      </div>
      <p className="text-sm text-slate-600">{t("datesHint")}</p>
      <FormField
        {...field("capacity")}
        label={t("capacity")}
        type="number"
        min={1}
        max={500}
        inputMode="numeric"
        className="max-w-40"
      />
      <Button size="lg" disabled={pending}>
        {pending ? t("saving") : sessionId ? t("saveChanges") : t("create")}
      </Button>
    </form>
  );
}
