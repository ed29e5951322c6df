"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormFeedback } from "@/components/form-feedback";
import { type CodeState, initialCodeState } from "./code-state";
import { ShownCode } from "./shown-code";

type Props = {
  kioskId: string;
  label: string;
  isRegistered: boolean;
  portalUrl: string;
  action: (previous: CodeState, form: FormData) => Promise<CodeState>;
};

/** Asks for a one-time code and shows it once, with the command to type on the post. */
export function IssueCodeForm({ kioskId, label, isRegistered, portalUrl, action }: Props) {
  const t = useTranslations("fleet.rooms");
  const format = useFormatter();
  const [state, submit, pending] = useActionState(action, initialCodeState);
  return (
    <div>
      <form action={submit}>
        <input type="hidden" name="kioskId" value={kioskId} />
        <Button
          size="sm"
          disabled={pending}
          aria-label={t(isRegistered ? "newCodeFor" : "issueCodeFor", { label })}
        >
          {pending ? t("issuing") : t(isRegistered ? "newCode" : "issueCode")}
        </Button>
      </form>
      <div aria-live="polite">
        {state.code && state.expiresAt && (
          <ShownCode intro={t("codeFor", { label })} code={state.code}>
            <p className="mt-1">
              {t("codeExpires", {
                at: format.dateTime(new Date(state.expiresAt), { dateStyle: "short", timeStyle: "short" }),
              })}
            </p>
            <p className="mt-1 break-all">
              {t("codeCommand")}{" "}
              <code className="select-all font-mono">
                tremplin-kiosk register --portal {portalUrl} --code {state.code}
              </code>
            </p>
          </ShownCode>
        )}
        {!state.ok && <FormFeedback ok={false} message={state.message} className="mt-2 text-sm" />}
      </div>
    </div>
  );
}
