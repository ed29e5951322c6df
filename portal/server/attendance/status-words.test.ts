import { describe, expect, it } from "vitest";
import fr from "../../messages/fr.json";
import { statusLabel } from "./sheet-text";

describe("presence status words", () => {
  it("are the same on the trainer's screen as on the CSV and PDF sheets", () => {
    expect(fr.trainer.status).toEqual(statusLabel);
  });
});
