import { describe, expect, it } from "vitest";
import { type KnownPerson, planBulkEnrolment, planFingerprint } from "./bulk-plan";

const person = (id: string, displayName: string, isActiveLearner = true): KnownPerson => ({
  id,
  displayName,
  isActiveLearner,
});
const lea = person("l", "Léa André");
const omar = person("o", "Omar Benali");
const chloe = person("c", "Chloé Cazals");
const zoe = person("z", "Zoé Œuvrard");
const trainer = person("t", "Isabelle Fabre", false);
const people = new Map([
  ["l.andre", lea],
  ["lea.andre@exemple.fr", lea],
  ["o.benali", omar],
  ["c.cazals", chloe],
  ["z.zoe", zoe],
  ["f.fabre", trainer],
]);
const open = { capacity: 3, seatsTaken: 1, isCancelled: false, hasEnded: false };

describe("planning a CSV list of learners for a session", () => {
  it("decides every line, in file order, before anything is written", () => {
    const plan = planBulkEnrolment({
      lines: [
        { line: 2, identifier: "L.Andre" },
        { line: 3, identifier: "inconnu@exemple.fr" },
        { line: 4, malformed: "3 colonnes au lieu de 1" },
        { line: 5, identifier: "LEA.ANDRE@exemple.fr" },
        { line: 6, identifier: "f.fabre" },
        { line: 7, identifier: "o.benali" },
        { line: 8, identifier: "c.cazals" },
        { line: 9, identifier: "z.zoe" },
      ],
      people,
      liveStatus: new Map([
        ["o", "enrolled"],
        ["c", "waitlisted"],
      ]),
      session: open,
    });
    expect(plan.lines.map((l) => [l.line, l.outcome.kind])).toEqual([
      [2, "enrol"],
      [3, "unknown"],
      [4, "malformed"],
      [5, "duplicate"],
      [6, "not_learner"],
      [7, "already_enrolled"],
      [8, "promote"],
      [9, "full"],
    ]);
    expect(plan.lines[3]!.outcome).toEqual({ kind: "duplicate", firstLine: 2, learnerName: "Léa André" });
    expect(plan.accepted).toEqual([
      { learnerId: "l", isPromotion: false },
      { learnerId: "c", isPromotion: true },
    ]);
    expect(planFingerprint(plan)).toBe("e:l,p:c");
  });

  it("accepts nothing for a cancelled or ended session, and says why", () => {
    const lines = [{ line: 2, identifier: "l.andre" }];
    for (const [facts, refusal] of [
      [{ ...open, isCancelled: true }, "cancelled"],
      [{ ...open, hasEnded: true }, "ended"],
    ] as const) {
      const plan = planBulkEnrolment({ lines, people, liveStatus: new Map(), session: facts });
      expect(plan).toMatchObject({ accepted: [], sessionRefusal: refusal });
    }
  });
});
