"use client";
import { aPlace } from "@tremplin/domain/french";
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import { Button } from "@/components/button";
import { type FormState, initialFormState } from "@/lib/form-state";

type Props = {
  siteId: string;
  siteName: string;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
};

export function AddRoomForm({ siteId, siteName, action }: Props) {
  const t = useTranslations("fleet.rooms");
  const [state, submit, pending] = useActionState(action, initialFormState);
  const id = useId();
  const field = (name: "name" | "capacity") => ({
    id: `${id}-${name}`,
    name,
    "aria-invalid": state.fieldErrors[name] ? true : undefined,
    "aria-describedby": state.fieldErrors[name] ? `${id}-${name}-error` : undefined,
  });
  return (
    <details className="mt-4 rounded-xl border border-dashed border-slate-300 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-brand-700">
        {t("addRoomTo", { site: siteName, atSite: aPlace(siteName) })}
      </summary>
      <form action={submit} className="mt-3 flex flex-wrap items-end gap-3">
        <input type="hidden" name="siteId" value={siteId} />
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            {t("roomName")}
          </label>
          <input
            {...field("name")}
            required
            maxLength={100}
            className="mt-1 block rounded-lg border border-slate-400 px-2 py-2"
          />
          {state.fieldErrors.name && (
            <p id={`${id}-name-error`} className="text-sm font-medium text-red-700">
              {state.fieldErrors.name}
            </p>
          )}
        </div>
        <div>
          <label htmlFor={`${id}-capacity`} className="block text-sm font-medium">
            {t("roomCapacity")}
          </label>
          <input
            {...field("capacity")}
            type="number"
            min={1}
            max={60}
            required
            className="mt-1 block w-28 rounded-lg border border-slate-400 px-2 py-2"
          />
          {state.fieldErrors.capacity && (
            <p id={`${id}-capacity-error`} className="text-sm font-medium text-red-700">
              {state.fieldErrors.capacity}
            </p>
          )}
        </div>
        <Button size="sm" disabled={pending}>
          {t("addRoom")}
        </Button>
        <p aria-live="polite" className={`w-full text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>
          {state.message}
        </p>
      </form>
    </details>
  );
}
