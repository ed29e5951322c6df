"use client";
import { laSalle } from "@tremplin/domain/french";
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import { type FormState, initialFormState } from "@/lib/form-state";

type Props = {
  roomId: string;
  roomName: string;
  suggestedLabel: string;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
};

export function AddKioskForm({ roomId, roomName, suggestedLabel, action }: Props) {
  const t = useTranslations("fleet.rooms");
  const [state, submit, pending] = useActionState(action, initialFormState);
  const id = useId();
  const error = state.fieldErrors.label;
  return (
    <form action={submit} className="mt-4 flex flex-wrap items-end gap-3">
      <input type="hidden" name="roomId" value={roomId} />
      <div>
        <label htmlFor={`${id}-label`} className="block text-sm font-medium">
          {t("newKioskLabel", { room: roomName, theRoom: laSalle(roomName) })}
        </label>
        <input
          id={`${id}-label`}
          name="label"
          defaultValue={suggestedLabel}
          key={suggestedLabel}
          required
          maxLength={64}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-1 block rounded-lg border border-slate-400 px-2 py-2 font-mono"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded-lg border border-brand-700 px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
      >
        {t("addKiosk")}
      </button>
      <p aria-live="polite" className={`w-full text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>
        {error ? <span id={`${id}-error`}>{error}</span> : state.message}
      </p>
    </form>
  );
}
