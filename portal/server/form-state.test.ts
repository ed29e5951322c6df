import { AppError } from "@tremplin/domain/errors";
import { describe, expect, it } from "vitest";
import { formAction } from "./form-state";

describe("formAction", () => {
  it("says what the use case answered, and puts a refusal next to its field", async () => {
    expect(await formAction(async () => "Enregistré.")).toEqual({
      ok: true,
      message: "Enregistré.",
      fieldErrors: {},
    });
    const refused = await formAction(async () => {
      throw new AppError("invalid_input", "Vérifiez les champs.", {
        issues: [{ path: "reason", message: "requis" }],
      });
    });
    expect(refused).toEqual({
      ok: false,
      message: "Vérifiez les champs.",
      fieldErrors: { reason: "requis" },
    });
  });

  it("tells a lost database as route() does, whichever layer it surfaced through", async () => {
    const lost = new Error("Failed query", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    });
    const state = await formAction(async () => {
      throw lost;
    });
    expect(state.ok).toBe(false);
    expect(state.message).toMatch(/^La base de données ne répond pas/);
  });

  it("shows a bug as a generic failure, never its message", async () => {
    const state = await formAction(async () => {
      throw new Error("select secret from users");
    });
    expect(state).toEqual({
      ok: false,
      message: "Une erreur est survenue. Réessayez dans un instant.",
      fieldErrors: {},
    });
  });
});
