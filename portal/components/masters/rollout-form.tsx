"use client";
import { useActionState, useId } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { FormField, SelectField } from "@/components/form-field";
import { type FormState, initialFormState } from "@/lib/form-state";

type Option = { value: string; label: string };
type Props = {
  /** Translated on the server: this form adds no namespace to the client's messages. */
  labels: Record<"title" | "master" | "room" | "startsOn" | "endsOn" | "submit", string>;
  versions: Option[];
  rooms: Option[];
  today: string;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
};

const fieldNames = ["master", "roomId", "startsOn", "endsOn"] as const;

export function RolloutForm({ labels, versions, rooms, today, action }: Props) {
  const [state, submit, pending] = useActionState(action, initialFormState);
  const id = useId();
  const label = {
    master: labels.master,
    roomId: labels.room,
    startsOn: labels.startsOn,
    endsOn: labels.endsOn,
  };
  const field = (name: (typeof fieldNames)[number]) => ({
    id: `${id}-${name}`,
    name,
    label: label[name],
    size: "sm" as const,
    required: true,
    error: state.fieldErrors[name],
  });
  const select = (name: "master" | "roomId", options: Option[]) => (
    <SelectField {...field(name)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </SelectField>
  );
  return (
    <form action={submit} className="flex flex-wrap items-end gap-3 rounded-xl border bg-white p-4">
      <h3 className="w-full text-lg font-semibold">{labels.title}</h3>
      {select("master", versions)}
      {select("roomId", rooms)}
      <FormField {...field("startsOn")} type="date" min={today} defaultValue={today} />
      <FormField {...field("endsOn")} type="date" min={today} defaultValue={today} />
      <Button size="sm" disabled={pending}>
        {labels.submit}
      </Button>
      <FormFeedback ok={state.ok} message={state.message} className="w-full text-sm" />
    </form>
  );
}
