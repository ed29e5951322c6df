import { createFormatter, createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import fr from "../messages/fr.json";
import { describeDetails, describeSubmission } from "./readable-details";

const format = createFormatter({ locale: "fr", timeZone: "Europe/Paris" });
const audit = createTranslator({ locale: "fr", messages: fr, namespace: "audit" });
const tools = { t: audit as never, format };

describe("describeDetails", () => {
  it("says an attendance correction in French words, without identifiers or JSON", () => {
    const text = describeDetails(
      {
        recordId: "8f0e0c1e-7d1c-4a55-9f62-5b1c2a3d4e5f",
        learnerId: "1f0e0c1e-7d1c-4a55-9f62-5b1c2a3d4e5f",
        learner: "Chloé Bernard",
        date: "2026-11-23",
        period: "am",
        status: "absent",
        previousStatus: "present",
        validationWithdrawn: false,
      },
      tools,
    );
    expect(text).toBe(
      "Stagiaire : Chloé Bernard · Date : 23/11/2026 · Demi-journée : matin · État : absent · État précédent : présent · Validation retirée : non",
    );
  });
  it("names nested values and instants in the site's time", () => {
    expect(
      describeDetails({ scope: { kind: "upcoming", days: 7 }, startsAt: "2026-11-23T08:00:00.000Z" }, tools),
    ).toBe("Portée : (Type : sessions à venir · Jours : 7) · Début : 23/11/2026 09:00");
  });
});

describe("describeSubmission", () => {
  const t = createTranslator({ locale: "fr", messages: fr, namespace: "results.support.submission" });
  const status = createTranslator({ locale: "fr", messages: fr, namespace: "player.status" });
  it("lists a quiz's answers and its right ones", () => {
    expect(describeSubmission({ answers: [1, null, 0], correct: 2, total: 3 }, t as never, (s) => s)).toBe(
      "Q1 : choix 2, Q2 : sans réponse, Q3 : choix 1 — 2 bonnes réponses sur 3",
    );
  });
  it("says what a SCORM package reported", () => {
    expect(
      describeSubmission(
        { status: "passed", scorePercent: 85, sessionSeconds: 300, location: "p2" },
        t as never,
        (s) => status(s as "passed"),
      ),
    ).toBe("état transmis : réussi · score 85 % · durée 5 min · repère : p2");
  });
});
