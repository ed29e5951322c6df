import { describe, expect, it } from "vitest";
import { sessionWhen, sessionWhenInWords } from "./session-when";

describe("sessionWhen", () => {
  it("gives the day once and the hours of a one-day session, in the site's time zone", () => {
    const start = new Date("2026-12-07T08:00:00Z");
    const end = new Date("2026-12-07T16:30:00Z");
    expect(sessionWhen("fr", start, end, "Europe/Paris")).toBe("lundi 7 décembre 2026, 09:00–17:30");
    expect(sessionWhen("fr", start, end, "America/Cayenne")).toBe("lundi 7 décembre 2026, 05:00–13:30");
    expect(sessionWhen("en", start, end, "Europe/Paris")).toBe("Monday, December 7, 2026, 9:00 AM–5:30 PM");
  });

  it("writes both ends in full when the session runs over several days", () => {
    expect(
      sessionWhen("fr", new Date("2026-12-07T08:00:00Z"), new Date("2026-12-08T16:30:00Z"), "Europe/Paris"),
    ).toBe("lundi 7 décembre 2026 à 09:00 – mardi 8 décembre 2026 à 17:30");
  });

  it("tells days apart by the local calendar, not by UTC", () => {
    // 23:30 and 00:30 UTC are the same day in UTC but not in Paris.
    expect(
      sessionWhen("fr", new Date("2026-12-07T22:30:00Z"), new Date("2026-12-07T23:30:00Z"), "Europe/Paris"),
    ).toBe("lundi 7 décembre 2026 à 23:30 – mardi 8 décembre 2026 à 00:30");
  });
});

describe("sessionWhenInWords", () => {
  it("makes a clause for a sentence, one day or several", () => {
    const start = new Date("2026-12-07T08:00:00Z");
    expect(sessionWhenInWords(start, new Date("2026-12-07T16:30:00Z"), "Europe/Paris")).toBe(
      "le lundi 7 décembre 2026, de 09:00 à 17:30",
    );
    expect(sessionWhenInWords(start, new Date("2026-12-08T16:30:00Z"), "Europe/Paris")).toBe(
      "du lundi 7 décembre 2026 à 09:00 au mardi 8 décembre 2026 à 17:30",
    );
  });
});
