import type { RuleApplied } from "@tremplin/domain/assessment";
import type { createFormatter } from "next-intl";

type ExplainKey = "maxAttempts" | "deadline" | "modulesRequired" | "passed" | "failed";
type Translate = (key: ExplainKey, values: Record<string, string | number>) => string;
type Format = ReturnType<typeof createFormatter>;

/**
 * An attempt's decision in the reader's language, from the rule stored with it (`rule_applied`).
 * The stored explanation is French, written when the attempt was decided: French readers see it
 * as it was given; others get the same facts from the message catalogue (`results.explain`).
 * `t` is a translator scoped to `results.explain`.
 */
export function explainAttempt(
  rule: RuleApplied,
  stored: string,
  options: { locale: string; t: Translate; format: Format },
): string {
  const { t, format } = options;
  if (options.locale === "fr") return stored;
  switch (rule.rule) {
    case "max_attempts":
      return t("maxAttempts", { max: rule.maxAttempts });
    case "deadline":
      return t("deadline", {
        date: format.dateTime(new Date(rule.deadline), { dateStyle: "long", timeStyle: "short" }),
      });
    case "modules_required":
      return t("modulesRequired", {
        count: rule.missing.length,
        list: format.list(
          rule.missing.map((m) => String(m.position)),
          { type: "conjunction" },
        ),
      });
    case "passing_score":
      return t(rule.isPassed ? "passed" : "failed", {
        score: rule.scorePercent,
        required: rule.passingScorePercent,
      });
  }
}
