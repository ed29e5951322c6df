import { createHash, randomBytes } from "node:crypto";

/**
 * One-time registration codes and device tokens. A code is read off the portal and typed on
 * a post, so it uses Crockford's base32 (no I, L, O, U) in groups of five; 15 symbols carry
 * 75 bits, far beyond guessing within its lifetime. A token is never typed: 256 random bits.
 * Both are high-entropy, so a plain SHA-256 is the right stored form (a slow password hash
 * protects low-entropy secrets and would only cost time on every device request).
 */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const codeLength = 15;

/** How long a code stays valid after IT generates it. */
export const registrationCodeTtlMs = 24 * 3600_000;

/** A fresh code, formatted for reading: `7KQ2M-XW9TD-3HB6R`. */
export function newRegistrationCode(): string {
  const bytes = randomBytes(codeLength);
  let code = "";
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  for (const byte of bytes) code += alphabet[byte % 32];
  return formatRegistrationCode(code);
}

export function formatRegistrationCode(code: string): string {
  const plain = normaliseRegistrationCode(code);
  return plain.match(/.{1,5}/g)?.join("-") ?? plain;
}

/** What a person may type for a code: any case, spaces or dashes, O for 0, I or L for 1. */
export function normaliseRegistrationCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

export function newDeviceToken(): string {
  return `tk_${randomBytes(32).toString("base64url")}`;
}

/** The stored form of a code or token (hex SHA-256). Codes are normalised first. */
export function hashDeviceSecret(secret: string, kind: "code" | "token"): string {
  const value = kind === "code" ? normaliseRegistrationCode(secret) : secret;
  return createHash("sha256").update(`${kind}:${value}`).digest("hex");
}
