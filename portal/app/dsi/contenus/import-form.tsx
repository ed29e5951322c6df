"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";

type Props = { label: string; kind: "scorm" | "file" } & (
  | { mode: "version"; moduleId: string }
  | { mode: "module"; trainingId: string }
);
type State =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "done"; message: string }
  | { kind: "error"; message: string; fields: Record<string, string> };

/**
 * Uploads a SCORM zip to the import API (multipart). Errors come back per field (the package,
 * the title, the duration) and are shown next to them.
 */
export function ImportForm(props: Props) {
  const t = useTranslations("player.import");
  const router = useRouter();
  const id = useId();
  const [state, setState] = useState<State>({ kind: "idle" });
  const fields = state.kind === "error" ? state.fields : {};
  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setState({ kind: "sending" });
    const response = await fetch("/api/v1/scorm/packages", {
      method: "POST",
      body: new FormData(event.currentTarget),
    }).catch(() => undefined);
    const body = response ? await response.json().catch(() => undefined) : undefined;
    if (response?.ok) {
      setState({
        kind: "done",
        message: t("imported", { version: body.contentVersion, scorm: body.content.scormVersion }),
      });
      router.refresh();
      return;
    }
    const issues: { path: string; message: string }[] = body?.error?.issues ?? [];
    setState({
      kind: "error",
      message: body?.error?.message ?? t("failed"),
      fields: Object.fromEntries(issues.map((i) => [i.path, i.message])),
    });
  };
  const error = (name: string) =>
    fields[name] ? (
      <p id={`${id}-${name}-error`} className="mt-1 text-sm font-medium text-red-700">
        {fields[name]}
      </p>
    ) : null;
  const described = (name: string) =>
    fields[name] ? { "aria-invalid": true, "aria-describedby": `${id}-${name}-error` } : {};
  return (
    <form onSubmit={onSubmit} aria-label={props.label} className="mt-3 space-y-3">
      <input type="hidden" name="kind" value={props.kind} />
      {props.mode === "version" ? (
        <input type="hidden" name="moduleId" value={props.moduleId} />
      ) : (
        <>
          <input type="hidden" name="trainingId" value={props.trainingId} />
          <div>
            <label htmlFor={`${id}-title`} className="block font-medium">
              {t("moduleTitle")}
            </label>
            <input
              id={`${id}-title`}
              name="title"
              maxLength={300}
              className="mt-1 w-full rounded-lg border border-slate-400 px-3 py-2"
              {...described("title")}
            />
            {error("title")}
          </div>
          <div>
            <label htmlFor={`${id}-minutes`} className="block font-medium">
              {t("minutes")}
            </label>
            <input
              id={`${id}-minutes`}
              name="durationMinutes"
              type="number"
              min={1}
              defaultValue={30}
              className="mt-1 w-32 rounded-lg border border-slate-400 px-3 py-2"
              {...described("durationMinutes")}
            />
            {error("durationMinutes")}
          </div>
        </>
      )}
      <div>
        <label htmlFor={`${id}-package`} className="block font-medium">
          {props.kind === "file"
            ? t("documentFile")
            : props.mode === "version"
              ? t("newVersionFile")
              : t("packageFile")}
        </label>
        <input
          id={`${id}-package`}
          name="package"
          type="file"
          accept={props.kind === "scorm" ? ".zip,application/zip" : undefined}
          required
          className="mt-1 block"
          {...described("package")}
        />
        {error("package")}
      </div>
      <Button disabled={state.kind === "sending"}>
        {state.kind === "sending" ? t("sending") : t("submit")}
      </Button>
      {(state.kind === "done" || state.kind === "error") && (
        <FormFeedback ok={state.kind === "done"} message={state.message} />
      )}
    </form>
  );
}
