"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { completeAction } from "@/app/apprendre/[moduleId]/actions";
import { buttonClass } from "@/components/button";
import { initialFormState } from "@/lib/form-state";

/** Opens an external resource (or downloads a file) in a new tab and records the module as done. */
export function OpenResource({
  moduleId,
  href,
  label,
  isDone,
  download,
}: {
  moduleId: string;
  href: string;
  label: string;
  isDone: boolean;
  download?: boolean;
}) {
  const t = useTranslations("player");
  const [state, action] = useActionState(completeAction, initialFormState);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="moduleId" value={moduleId} />
      <a
        href={href}
        target={download ? undefined : "_blank"}
        rel="noopener noreferrer"
        download={download ? "" : undefined}
        onClick={(e) => e.currentTarget.closest("form")?.requestSubmit()}
        className={`inline-block ${buttonClass()}`}
      >
        {label}
        {!download && <span className="sr-only"> {t("newTab")}</span>}
      </a>
      {(isDone || state.ok) && (
        <p role="status" className="font-medium text-green-800">
          {t("completed")}
        </p>
      )}
    </form>
  );
}
