"use client";
import { useActionState, useId, useState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { FormField } from "@/components/form-field";
import { type FormState, initialFormState } from "@/lib/form-state";

type Props = {
  /** Translated on the server: this form adds no namespace to the client's messages. */
  labels: Record<"title" | "help" | "keep" | "preview" | "remove", string>;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
};

/** IT frees the portal's store: a preview first says what would go, nothing goes without "remove". */
export function StoreCleanupForm({ labels, action }: Props) {
  const [state, submit, pending] = useActionState(action, initialFormState);
  const id = useId();
  // Controlled: after a preview the count stays what was previewed (React resets a form's
  // uncontrolled fields once its action ends).
  const [keep, setKeep] = useState("3");
  return (
    <form action={submit} className="flex flex-wrap items-end gap-3 rounded-xl border bg-white p-4">
      <h3 className="w-full text-lg font-semibold">{labels.title}</h3>
      <p className="w-full text-sm text-slate-700">{labels.help}</p>
      <FormField
        id={`${id}-keep`}
        name="keep"
        label={labels.keep}
        size="sm"
        type="number"
        min={1}
        max={50}
        value={keep}
        onChange={(event) => setKeep(event.target.value)}
        required
        error={state.fieldErrors.keep}
      />
      <Button size="sm" look="secondary" name="mode" value="preview" disabled={pending}>
        {labels.preview}
      </Button>
      <Button size="sm" look="danger" name="mode" value="remove" disabled={pending}>
        {labels.remove}
      </Button>
      <FormFeedback ok={state.ok} message={state.message} className="w-full text-sm" />
    </form>
  );
}
