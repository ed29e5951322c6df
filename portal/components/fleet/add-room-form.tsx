"use client";
import { aPlace } from "@tremplin/domain/french";
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import { Button } from "@/components/button";
import { FormField } from "@/components/form-field";
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
    size: "sm" as const,
    error: state.fieldErrors[name],
  });
  return (
    <details className="mt-4 rounded-xl border border-dashed border-slate-300 bg-white p-4">
      <summary className="cursor-pointer font-semibold text-brand-700">
        {t("addRoomTo", { site: siteName, atSite: aPlace(siteName) })}
      </summary>
      <form action={submit} className="mt-3 flex flex-wrap items-end gap-3">
        <input type="hidden" name="siteId" value={siteId} />
        <FormField {...field("name")} label={t("roomName")} required maxLength={100} />
        <FormField {...field("capacity")} label={t("roomCapacity")} type="number" min={1} max={60} required />
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
