import { createHash, randomBytes } from "node:crypto";
import {
  normaliseRegistrationCode,
  registrationCodeFrom,
  registrationCodeLength,
} from "@tremplin/domain/fleet";

/**
 * Device secrets as they are made and stored. Registration codes and device tokens are both
 * high-entropy, so a plain SHA-256 is the right stored form (a slow password hash protects
 * low-entropy secrets and would only cost time on every device request).
 */

/** A fresh one-time registration code, formatted for reading: `7KQ2M-XW9TD-3HB6R`. */
export function newRegistrationCode(): string {
  return registrationCodeFrom(randomBytes(registrationCodeLength));
}

/** A device token is never typed: 256 random bits. */
export function newDeviceToken(): string {
  return `tk_${randomBytes(32).toString("base64url")}`;
}

/** The stored form of a code or token (hex SHA-256). Codes are normalised first. */
export function hashDeviceSecret(secret: string, kind: "code" | "token"): string {
  const value = kind === "code" ? normaliseRegistrationCode(secret) : secret;
  return createHash("sha256").update(`${kind}:${value}`).digest("hex");
}
