"use client";
import { useActionState, useId } from "react";
import { Button } from "@/components/button";
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
  const field = (name: (typeof fieldNames)[number]) => ({
    id: `${id}-${name}`,
    name,
    required: true,
    "aria-invalid": state.fieldErrors[name] ? true : undefined,
    "aria-describedby": state.fieldErrors[name] ? `${id}-${name}-error` : undefined,
    className: "mt-1 block rounded-lg border border-slate-400 px-2 py-2",
  });
  const label = {
    master: labels.master,
    roomId: labels.room,
    startsOn: labels.startsOn,
    endsOn: labels.endsOn,
  };
  const wrap = (name: (typeof fieldNames)[number], control: React.ReactNode) => (
    <div key={name}>
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium">
        {label[name]}
      </label>
      {control}
      {state.fieldErrors[name] && (
        <p id={`${id}-${name}-error`} className="text-sm font-medium text-red-700">
          {state.fieldErrors[name]}
        </p>
      )}
    </div>
  );
  return (
    <form action={submit} className="flex flex-wrap items-end gap-3 rounded-xl border bg-white p-4">
      <h3 className="w-full text-lg font-semibold">{labels.title}</h3>
      {wrap(
        "master",
        <select {...field("master")}>
          {versions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>,
      )}
      {wrap(
        "roomId",
        <select {...field("roomId")}>
          {rooms.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>,
      )}
      {wrap("startsOn", <input type="date" min={today} defaultValue={today} {...field("startsOn")} />)}
      {wrap("endsOn", <input type="date" min={today} defaultValue={today} {...field("endsOn")} />)}
      <Button size="sm" disabled={pending}>
        {labels.submit}
      </Button>
      <p aria-live="polite" className={`w-full text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>
        {state.message}
      </p>
    </form>
  );
}
