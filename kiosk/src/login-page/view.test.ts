import { describe, expect, it } from "vitest";
import { endWarning } from "./view";

describe("endWarning", () => {
  const endsAt = "2026-12-07T16:00:00Z";
  const at = (hhmm: string) => new Date(`2026-12-07T${hhmm}:00Z`);
  const warn = (hhmm: string, state: "running" | "idle" = "running") =>
    endWarning({ state, endsAt, timezone: "Europe/Paris", now: at(hhmm) });

  it("says nothing until 10 minutes before the end", () => {
    expect(warn("15:49")).toBeNull();
  });
  it("warns from 10 minutes before, then strongly from 2, in the site's time", () => {
    expect(warn("15:50")).toEqual({
      level: "soon",
      text: "La session se termine à 17h00, dans 10 minutes : pensez à enregistrer votre travail ailleurs que sur ce poste (clé USB, messagerie, espace en ligne).",
    });
    expect(warn("15:58")?.level).toBe("imminent");
    expect(warn("15:59")?.text).toContain("dans 1 minute :");
  });
  it("says nothing outside a running session or once the end has passed", () => {
    expect(warn("15:55", "idle")).toBeNull();
    expect(warn("16:00")).toBeNull();
  });
});
