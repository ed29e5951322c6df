import { EncryptJWT } from "jose";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken } from "./session-token";

const secret = "a-secret-of-at-least-thirty-two-characters";
const otherSecret = "another-secret-of-thirty-two-characters";
const user = { id: "u1", name: "Léa Martin", username: "lmartin", roles: ["learner"], source: "ad" };

describe("decodeSessionToken", () => {
  it("reads a token that next-auth itself encoded", async () => {
    const token = await encode({ token: { sub: "u1", user }, secret });
    expect(await decodeSessionToken(token, secret)).toMatchObject({ sub: "u1", user });
  });

  it("refuses a token of another secret, and reads with the secret it is given, not the last one", async () => {
    const other = await encode({ token: { user }, secret: otherSecret });
    expect(await decodeSessionToken(other, secret)).toBeNull();
    const token = await encode({ token: { user }, secret });
    expect(await decodeSessionToken(token, secret)).toMatchObject({ user });
    expect(await decodeSessionToken(token, otherSecret)).toBeNull();
    expect(await decodeSessionToken(other, otherSecret)).toMatchObject({ user });
  });

  it("refuses a tampered token and a string that is not one", async () => {
    const token = await encode({ token: { user }, secret });
    const parts = token.split(".");
    const flipped = parts[3]!.startsWith("A") ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    expect(await decodeSessionToken([...parts.slice(0, 3), flipped, parts[4]].join("."), secret)).toBeNull();
    expect(await decodeSessionToken("not-a-token", secret)).toBeNull();
  });

  it("refuses an expired token, past next-auth's 15 s of tolerance", async () => {
    const stale = await encode({ token: { user }, secret, maxAge: -60 });
    expect(await decodeSessionToken(stale, secret)).toBeNull();
    const justExpired = await encode({ token: { user }, secret, maxAge: -5 });
    expect(await decodeSessionToken(justExpired, secret)).toMatchObject({ user });
  });

  it("refuses a token encrypted with the raw secret rather than next-auth's derived key", async () => {
    const raw = new TextEncoder().encode(secret.slice(0, 32));
    const token = await new EncryptJWT({ user })
      .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
      .setExpirationTime("1h")
      .encrypt(raw);
    expect(await decodeSessionToken(token, secret)).toBeNull();
  });
});
