import { describe, expect, it } from "vitest";
import { isSurveyOpen, summariseSurveys, surveyAnswerSchema, surveyClosesAt } from "./index";

const answer = (ratings: number[], comment: string | null = null) => ({
  answeredAt: new Date("2026-11-20T17:00:00Z"),
  objectives: ratings[0]!,
  content: ratings[1]!,
  trainer: ratings[2]!,
  organisation: ratings[3]!,
  equipment: ratings[4]!,
  comment,
});
const unanswered = {
  answeredAt: null,
  objectives: null,
  content: null,
  trainer: null,
  organisation: null,
  equipment: null,
  comment: null,
};

describe("the satisfaction survey", () => {
  it("takes five ratings from 1 to 5 and an optional comment, trimmed", () => {
    const parsed = surveyAnswerSchema.parse({
      objectives: "5",
      content: "4",
      trainer: 5,
      organisation: "3",
      equipment: "2",
      comment: "  Très clair.  ",
    });
    expect(parsed).toEqual({
      objectives: 5,
      content: 4,
      trainer: 5,
      organisation: 3,
      equipment: 2,
      comment: "Très clair.",
    });
    expect(surveyAnswerSchema.parse({ ...parsed, comment: "   " }).comment).toBeNull();
  });

  it("refuses a missing, zero, six or decimal rating, naming the question", () => {
    const result = surveyAnswerSchema.safeParse({
      objectives: "0",
      content: "6",
      trainer: "4.5",
      organisation: "",
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["objectives", "content", "trainer", "organisation", "equipment"]),
    );
    expect(result.error!.issues[0]!.message).toBe("une note de 1 à 5 est attendue");
  });

  it("stays open 30 days after the session's end, and no longer", () => {
    const closesAt = surveyClosesAt(new Date("2026-11-20T16:00:00Z"));
    expect(closesAt.toISOString()).toBe("2026-12-20T16:00:00.000Z");
    expect(isSurveyOpen({ closesAt }, new Date("2026-12-20T15:59:59Z"))).toBe(true);
    expect(isSurveyOpen({ closesAt }, closesAt)).toBe(false);
  });

  it("sums up averages per question, the overall mean, the response rate and the comments", () => {
    const summary = summariseSurveys([
      answer([5, 4, 5, 3, 2], "Très clair."),
      answer([4, 4, 4, 4, 3], ""),
      answer([3, 5, 5, 4, 2]),
      unanswered,
    ]);
    expect(summary).toEqual({
      invited: 4,
      answered: 3,
      responseRate: 0.75,
      averages: { objectives: 4, content: 4.3, trainer: 4.7, organisation: 3.7, equipment: 2.3 },
      overall: 3.8,
      comments: ["Très clair."],
    });
  });

  it("says nothing rather than zero when nobody answered", () => {
    expect(summariseSurveys([unanswered])).toMatchObject({ answered: 0, responseRate: 0, overall: null });
    expect(summariseSurveys([]).averages.trainer).toBeNull();
  });
});
