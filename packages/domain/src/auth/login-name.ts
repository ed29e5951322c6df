import { z } from "zod";

/** Longest login accepted before any network I/O: a UPN tops out at 1024 in AD, real ones are far shorter. */
export const maxLoginLength = 256;
/** AD caps passwords at 256 UTF-16 units; anything longer is refused before the bind. */
export const maxPasswordLength = 256;

/**
 * The three ways a person types an AD login: `jdupont` (sAMAccountName), `REGION\jdupont`
 * (down-level logon name) or `jdupont@region.fr` (UPN).
 */
export type LoginName =
  | { kind: "sam"; sam: string; key: string }
  | { kind: "down-level"; domain: string; sam: string; key: string }
  | { kind: "upn"; upn: string; localPart: string; key: string };

export type LoginNameProblem = "empty" | "too_long" | "malformed";

// Characters AD forbids in a sAMAccountName (MS-ADTS 3.1.1.5.2.3: " / \ [ ] : ; | = , + * ? < >),
// plus @ (it would turn the name into a UPN) and every control character, NUL included.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject.
const samForbidden = /["/\\[\]:;|=,+*?<>@\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject.
const controlChars = /[\u0000-\u001f\u007f]/;
const netbiosDomain = /^[A-Za-z0-9][A-Za-z0-9.-]{0,14}$/;
const dnsDomain = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}$/;

function isSam(value: string): boolean {
  // 20 characters is AD's limit for user accounts; trailing dots are refused by AD too.
  return value.length >= 1 && value.length <= 20 && !samForbidden.test(value) && !value.endsWith(".");
}

/**
 * Parses what a person typed in the login field. Pure: no directory lookup. The `key` is
 * the lower-cased account part, the same for all three forms, so that throttling counts
 * `jdupont`, `REGION\jdupont` and `jdupont@region.fr` as one account.
 */
export function parseLoginName(
  raw: string,
): { ok: true; login: LoginName } | { ok: false; problem: LoginNameProblem } {
  const value = raw.trim();
  if (value.length === 0) return { ok: false, problem: "empty" };
  if (value.length > maxLoginLength) return { ok: false, problem: "too_long" };
  if (controlChars.test(value)) return { ok: false, problem: "malformed" };
  const backslash = value.indexOf("\\");
  if (backslash >= 0) {
    const domain = value.slice(0, backslash);
    const sam = value.slice(backslash + 1);
    if (!netbiosDomain.test(domain) || !isSam(sam)) return { ok: false, problem: "malformed" };
    return { ok: true, login: { kind: "down-level", domain, sam, key: sam.toLowerCase() } };
  }
  const at = value.lastIndexOf("@");
  if (at >= 0) {
    const localPart = value.slice(0, at);
    const domain = value.slice(at + 1);
    // The local part of a UPN is freer than a sAMAccountName in AD, but filter metacharacters
    // and spaces never belong in a login someone types: refusing them early costs nobody.
    if (!localPart || localPart.length > 64 || /[\s*()\\"<>,;]/.test(localPart) || !dnsDomain.test(domain)) {
      return { ok: false, problem: "malformed" };
    }
    return { ok: true, login: { kind: "upn", upn: value, localPart, key: localPart.toLowerCase() } };
  }
  if (!isSam(value)) return { ok: false, problem: "malformed" };
  return { ok: true, login: { kind: "sam", sam: value, key: value.toLowerCase() } };
}

export const loginNameSchema = z.string().transform((raw, ctx) => {
  const parsed = parseLoginName(raw);
  if (parsed.ok) return parsed.login;
  ctx.addIssue({ code: "custom", message: `identifiant ${parsed.problem}` });
  return z.NEVER;
});
