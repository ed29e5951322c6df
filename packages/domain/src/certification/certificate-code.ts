import { z } from "zod";

// Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper survives.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `TRM-XXXX-XXXX-XX`: 50 random bits, enough that codes cannot be guessed one by one. */
export const certificateCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^TRM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/,
    "code de certificat inconnu",
  );

/** A code from 7 random bytes (the caller draws them: the domain reads no randomness). */
export function formatCertificateCode(random: Uint8Array): string {
  if (random.length < 7) throw new Error("a certificate code needs 7 random bytes");
  let bits = 0n;
  for (const byte of random.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let chars = "";
  for (let i = 0; i < 10; i++) chars += alphabet[Number((bits >> BigInt(i * 5)) & 31n)];
  return `TRM-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/**
 * The last day evidence must be kept: the action's last day (in its site's calendar) plus the
 * training's retention years. `actionEndDate` is `YYYY-MM-DD`; a 29 February lands on the 28th.
 */
export function retentionEndDate(actionEndDate: string, years: number): string {
  const [y, m, d] = actionEndDate.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}
