"use client";
import { formatHours } from "@tremplin/domain/attendance";
import type { RuleOutcome } from "@tremplin/domain/certification";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";

type Answer = { isComplete: boolean; outcomes: (RuleOutcome & { endsAt?: string })[] };

/**
 * "What is missing for my certificate?", answered when asked: each rule not met yet with its
 * figures ("3 h 30 sur 5 h 36 de présence requises"). Read on opening, not with the list, so the
 * page every learner opens costs no evaluation.
 */
export function MissingRules({ enrolmentId }: { enrolmentId: string }) {
  const t = useTranslations("myTrainings.certification");
  const format = useFormatter();
  const [answer, setAnswer] = useState<Answer | "loading" | "error" | null>(null);
  const load = async () => {
    if (answer && answer !== "error") return;
    setAnswer("loading");
    const response = await fetch(`/api/v1/learning/enrolments/${enrolmentId}/certification`).catch(
      () => undefined,
    );
    setAnswer(response?.ok ? ((await response.json()) as Answer) : "error");
  };
  const missing = typeof answer === "object" && answer ? answer.outcomes.filter((o) => !o.isMet) : [];
  return (
    <details onToggle={(e) => e.currentTarget.open && void load()}>
      <summary className="cursor-pointer font-medium text-brand-700">{t("missingTitle")}</summary>
      <div aria-live="polite" className="pt-1">
        {answer === "loading" && <p>{t("loading")}</p>}
        {answer === "error" && <p className="text-red-800">{t("unavailable")}</p>}
        {typeof answer === "object" && answer && missing.length === 0 && <p>{t("pending")}</p>}
        {missing.length > 0 && (
          <ul className="list-disc pl-6 text-slate-800">
            {missing.map((o) => (
              <li key={o.rule === "passing_score" ? `${o.rule}-${o.moduleTitle}` : o.rule}>
                {o.rule === "modules" &&
                  t("rule.modules", {
                    done: o.doneCount,
                    total: o.requiredCount,
                    missing: o.missing.join(", "),
                  })}
                {o.rule === "passing_score" &&
                  (o.bestScorePercent === null
                    ? t("rule.notTried", { module: o.moduleTitle, required: o.passingScorePercent })
                    : t("rule.score", {
                        module: o.moduleTitle,
                        best: o.bestScorePercent,
                        required: o.passingScorePercent,
                      }))}
                {o.rule === "attendance" &&
                  t("rule.attendance", {
                    attended: formatHours(o.attendedMs),
                    required: formatHours(o.requiredMs),
                  })}
                {o.rule === "session_ended" &&
                  t("rule.sessionEnd", {
                    date: format.dateTime(new Date(o.endsAt), { dateStyle: "long", timeStyle: "short" }),
                  })}
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
