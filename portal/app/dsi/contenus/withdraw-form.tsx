"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { TextAreaField } from "@/components/form-field";

type State = { kind: "idle" } | { kind: "sending" } | { kind: "error"; message: string; reason?: string };

/**
 * Withdraws one version of a module's content, with the reason IT gives (audited). The page
 * then shows the version as withdrawn and which one learners get instead.
 */
export function WithdrawForm({
  moduleId,
  version,
  title,
}: {
  moduleId: string;
  version: number;
  title: string;
}) {
  const t = useTranslations("player.import.withdraw");
  const router = useRouter();
  const id = useId();
  const [state, setState] = useState<State>({ kind: "idle" });
  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setState({ kind: "sending" });
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "");
    const response = await fetch("/api/v1/scorm/withdrawals", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ moduleId, version, reason }),
    }).catch(() => undefined);
    if (response?.ok) {
      setState({ kind: "idle" });
      router.refresh();
      return;
    }
    const body = response ? await response.json().catch(() => undefined) : undefined;
    const issues: { path: string; message: string }[] = body?.error?.issues ?? [];
    setState({
      kind: "error",
      message: body?.error?.message ?? t("failed"),
      reason: issues.find((i) => i.path === "reason")?.message,
    });
  };
  const reasonError = state.kind === "error" ? state.reason : undefined;
  return (
    <form onSubmit={onSubmit} aria-label={t("form", { version, title })} className="mt-2 space-y-2">
      <TextAreaField
        id={`${id}-reason`}
        name="reason"
        label={t("reason")}
        size="md"
        error={reasonError}
        required
        minLength={5}
        maxLength={500}
        rows={2}
      />
      <Button look="danger" disabled={state.kind === "sending"}>
        {state.kind === "sending" ? t("sending") : t("submit", { version })}
      </Button>
      {state.kind === "error" && <FormFeedback ok={false} message={state.message} />}
    </form>
  );
}
