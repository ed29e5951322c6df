import { createFormatter, createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "../messages/en.json";
import fr from "../messages/fr.json";
import { explainAttempt } from "./explain-attempt";

const timeZone = "Europe/Paris";
const context = (locale: "fr" | "en") => ({
  locale,
  t: createTranslator({ locale, messages: locale === "fr" ? fr : en, namespace: "results.explain" }),
  format: createFormatter({ locale, timeZone }),
});

describe("explainAttempt", () => {
  it("gives English readers the decision in English, from the stored rule", () => {
    const en = context("en");
    expect(
      explainAttempt(
        { rule: "passing_score", scorePercent: 60, passingScorePercent: 80, isPassed: false },
        "60 % obtenu, 80 % requis : non réussi. Il vous reste 2 tentatives.",
        en,
      ),
    ).toBe("60 % obtained, 80 % required: not passed.");
    expect(
      explainAttempt(
        {
          rule: "modules_required",
          missing: [
            { position: 2, title: "a" },
            { position: 3, title: "b" },
          ],
        },
        "Modules 2 et 3 non terminés : tentative non retenue.",
        en,
      ),
    ).toBe("Modules 2 and 3 not finished: attempt not counted.");
    expect(explainAttempt({ rule: "max_attempts", maxAttempts: 3, retainedBefore: 3 }, "…", en)).toBe(
      "Maximum number of attempts reached (3 of 3): attempt not counted.",
    );
    expect(
      explainAttempt(
        { rule: "deadline", deadline: "2026-11-24T09:10:00Z", submittedAt: "2026-11-24T10:00:00Z" },
        "…",
        en,
      ),
    ).toBe("Submitted after the deadline (November 24, 2026 at 10:10 AM): attempt not counted.");
  });

  it("shows French readers the explanation exactly as it was stored", () => {
    const stored = "Modules 2 et 3 non terminés : tentative non retenue.";
    expect(
      explainAttempt(
        { rule: "modules_required", missing: [{ position: 2, title: "a" }] },
        stored,
        context("fr"),
      ),
    ).toBe(stored);
  });
});
