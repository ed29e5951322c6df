/**
 * One-time registration codes. A code is read off the portal and typed on a post, so it uses
 * Crockford's base32 (no I, L, O, U) in groups of five; 15 symbols carry 75 bits, far beyond
 * guessing within its lifetime. The random bytes come from the caller (the domain does no I/O):
 * see newRegistrationCode in @tremplin/db/device-secrets.
 */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** How many random bytes a code takes: one per symbol. */
export const registrationCodeLength = 15;

/** How long a code stays valid after IT generates it. */
export const registrationCodeTtlMs = 24 * 3600_000;

/** The code that `random` (one byte per symbol) spells, formatted for reading: `7KQ2M-XW9TD-3HB6R`. */
export function registrationCodeFrom(random: Uint8Array): string {
  let code = "";
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  for (const byte of random) code += alphabet[byte % 32];
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
