import type { SessionTrainee } from "@tremplin/db/queries/provisioning";
import { describe, expect, it } from "vitest";
import { selectTrainees, sessionCode, sessionLabel } from "./trainee-selection";

const row = (over: Partial<SessionTrainee>): SessionTrainee => ({
  sessionId: "s",
  userId: "u",
  username: "jdupont",
  displayName: "Jeanne Dupont",
  email: "jeanne@exemple.fr",
  source: "directory",
  hasLocalPassword: false,
  disabledAt: null,
  ...over,
});

describe("who goes into the directory", () => {
  it("provisions directory accounts and local accounts without a password, skips external and disabled ones", () => {
    const { toProvision, skipped } = selectTrainees([
      row({ userId: "1", username: "ad" }),
      row({ userId: "2", username: "itenrolled", source: "local", email: null }),
      row({ userId: "3", username: "ext@exemple.fr", source: "local", hasLocalPassword: true }),
      row({ userId: "4", username: "gone", disabledAt: new Date() }),
    ]);
    expect(toProvision).toEqual([
      {
        userId: "1",
        isLocalWithoutPassword: false,
        trainee: { username: "ad", displayName: "Jeanne Dupont", email: "jeanne@exemple.fr" },
      },
      {
        userId: "2",
        isLocalWithoutPassword: true,
        trainee: { username: "itenrolled", displayName: "Jeanne Dupont" },
      },
    ]);
    expect(skipped.map((s) => [s.username, s.reason])).toEqual([
      ["ext@exemple.fr", "apprenant externe (compte local) : pas de compte dans l'annuaire"],
      ["gone", "compte désactivé dans le portail"],
    ]);
  });

  it("names the session's group from its id, within AD's 20 characters, the same every time", () => {
    const code = sessionCode("9C5B94B1-35AD-49BB-B118-8C8FC3A2E0C1");
    expect(code).toBe("9c5b94b135ad49bb");
    expect(`ses-${code}`.length).toBeLessThanOrEqual(20);
    expect(code).toMatch(/^[A-Za-z0-9-]{1,16}$/);
  });

  it("labels a session with its training, dates in Paris time and room", () => {
    expect(
      sessionLabel({
        trainingTitle: "Word",
        startsAt: new Date("2026-11-23T23:30:00Z"),
        endsAt: new Date("2026-11-25T16:00:00Z"),
        roomName: "Salle Soulages",
      }),
    ).toBe("Word — 24/11/2026 au 25/11/2026 — Salle Soulages");
  });
});
