import type { createFormatter } from "next-intl";

type Has = { has(key: string): boolean };
type Translate = ((key: string, values?: Record<string, string | number>) => string) & Has;
type Format = ReturnType<typeof createFormatter>;
type Tools = { t: Translate; format: Format };

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An audit entry's details in words: each key by its label (`audit.fields`), each coded value by
 * its word (`audit.values`), yes/no, dates in the site's time zone. Identifiers (`…Id`, `…Ids`)
 * are left out: the entry names its object already and a UUID tells a reader nothing. `t` is
 * scoped to `audit`.
 */
export function describeDetails(details: unknown, tools: Tools): string {
  if (!details || typeof details !== "object" || Array.isArray(details)) return "";
  return Object.entries(details as Record<string, unknown>)
    .filter(([key, value]) => !/Ids?$/.test(key) && value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${fieldLabel(key, tools.t)} : ${describeValue(value, tools)}`)
    .join(" · ");
}

function fieldLabel(key: string, t: Translate): string {
  return t.has(`fields.${key}`) ? t(`fields.${key}`) : key;
}

function describeValue(value: unknown, tools: Tools): string {
  const { t, format } = tools;
  if (typeof value === "boolean") return t(value ? "values.true" : "values.false");
  if (typeof value === "number") return format.number(value);
  if (typeof value === "string") {
    if (isoInstant.test(value))
      return format.dateTime(new Date(value), { dateStyle: "short", timeStyle: "short" });
    if (isoDay.test(value)) return format.dateTime(new Date(`${value}T12:00:00Z`), { dateStyle: "short" });
    return t.has(`values.${value}`) ? t(`values.${value}`) : value;
  }
  if (Array.isArray(value)) return value.map((v) => describeValue(v, tools)).join(", ");
  if (typeof value === "object" && value) return `(${describeDetails(value, tools)})`;
  return String(value);
}

/**
 * What a learner handed in, for support: a quiz's answers question by question and its count of
 * right answers, or what a SCORM package reported. `t` is scoped to `results.support.submission`;
 * `statusWord` names a SCORM status ("passed" → "réussi").
 */
export function describeSubmission(
  submission: unknown,
  t: (key: string, values?: Record<string, string | number>) => string,
  statusWord: (status: string) => string,
): string {
  const s = (submission ?? {}) as Record<string, unknown>;
  if (Array.isArray(s.answers)) {
    const answers = (s.answers as (number | null)[]).map((a, i) =>
      a === null ? t("blank", { n: i + 1 }) : t("answer", { n: i + 1, choice: a + 1 }),
    );
    return `${answers.join(", ")} — ${t("correct", { correct: Number(s.correct ?? 0), total: Number(s.total ?? 0) })}`;
  }
  const parts = [
    typeof s.status === "string" ? t("status", { status: statusWord(s.status) }) : "",
    typeof s.scorePercent === "number" ? t("score", { score: s.scorePercent }) : "",
    typeof s.sessionSeconds === "number" ? t("time", { minutes: Math.round(s.sessionSeconds / 60) }) : "",
    typeof s.location === "string" && s.location ? t("location", { location: s.location }) : "",
  ];
  return parts.filter(Boolean).join(" · ");
}
