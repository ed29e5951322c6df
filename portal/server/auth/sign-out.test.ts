import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "tremplin-signout-"));
  vi.stubEnv("TREMPLIN_DATA_DIR", dataDir);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dataDir, { recursive: true, force: true });
});

describe("next-auth's sign-in and sign-out callbacks", () => {
  it("open a server-side session at sign-in and end it at sign-out", async () => {
    const { registerLocalLearner } = await import("./register-local-learner");
    const { getDb } = await import("../db");
    const { authOptions } = await import("./options");
    const { findSessionUser } = await import("./sessions");
    const learner = await registerLocalLearner(await getDb(), {
      email: "sortie@exemple.fr",
      displayName: "Sortie Test",
      password: "un mot de passe solide",
    });
    const user = {
      id: learner.id,
      name: "Sortie Test",
      username: learner.username,
      roles: ["learner"],
      source: "local",
    };
    const token = await authOptions.callbacks!.jwt!({ token: {}, user } as never);
    expect(token.sid).toEqual(expect.any(String));
    expect(await findSessionUser(token)).toMatchObject({ id: learner.id });
    await authOptions.events!.signOut!({ token } as never);
    expect(await findSessionUser(token)).toBeUndefined();
    await expect(authOptions.callbacks!.jwt!({ token } as never)).rejects.toThrow("session ended");
  });
});
