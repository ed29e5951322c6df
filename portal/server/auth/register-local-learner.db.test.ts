import type { Database } from "@tremplin/db/client";
import { findUserByEmail } from "@tremplin/db/queries/users";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerLocalLearner } from "./register-local-learner";
import { signInLocal } from "./sign-in";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const now = new Date("2026-11-23T09:00:00Z");
const signIn = (username: string, password: string) =>
  signInLocal(database.db, { username, password, source: "127.0.0.1" }, now);

describe("local accounts", () => {
  it("registers an external learner who can then sign in with e-mail and password", async () => {
    await registerLocalLearner(database.db, {
      email: "Claire.Dupont@Exemple.fr",
      displayName: "Claire Dupont",
      password: "un mot de passe solide",
    });
    const result = await signIn("claire.dupont@exemple.fr", "un mot de passe solide");
    expect(result).toMatchObject({
      ok: true,
      user: { name: "Claire Dupont", roles: ["learner"], source: "local" },
    });
    const stored = await findUserByEmail(database.db, "claire.dupont@exemple.fr");
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a wrong password and an unknown account with the same code", async () => {
    expect(await signIn("claire.dupont@exemple.fr", "mauvais mot de passe")).toEqual({
      ok: false,
      code: "invalid_credentials",
    });
    expect(await signIn("personne@exemple.fr", "un mot de passe solide")).toEqual({
      ok: false,
      code: "invalid_credentials",
    });
  });

  it("refuses a second account on the same address, whatever its case, and twice at once", async () => {
    const input = {
      email: "Double@Exemple.fr",
      displayName: "Double Compte",
      password: "encore un mot de passe",
    };
    const results = await Promise.allSettled([
      registerLocalLearner(database.db, input),
      registerLocalLearner(database.db, { ...input, email: "double@exemple.fr" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await expect(registerLocalLearner(database.db, input)).rejects.toMatchObject({ code: "conflict" });
  });

  it("names each bad field and writes nothing", async () => {
    const error = await registerLocalLearner(database.db, {
      email: "pas-une-adresse",
      displayName: "x",
      password: "court",
    }).catch((e) => e);
    expect(error.code).toBe("invalid_input");
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "displayName",
      "email",
      "password",
    ]);
    expect(await findUserByEmail(database.db, "pas-une-adresse")).toBeUndefined();
  });
});
