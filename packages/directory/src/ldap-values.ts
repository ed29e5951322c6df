import { Attribute } from "ldapts";

/**
 * Escapes a value for an LDAP search filter (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become
 * `\2a`, `\28`, `\29`, `\5c`, `\00`. Every value that came from a person or from the
 * directory goes through this before it joins a filter: `*)(objectClass=*` stays a literal.
 */
export function escapeFilterValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters RFC 4515 escapes.
  return value.replace(/[*()\\\u0000]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Escapes an attribute value for use inside a DN (RFC 4514 §2.4). */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, "\\ ");
}

/**
 * A comparable form of a DN: AD compares attribute names and values case-insensitively and
 * ignores spaces around the separators, so `CN=Formateurs, OU=Groupes,DC=x` names the same group.
 */
export function normalizeDn(dn: string): string {
  return splitDn(dn)
    .map((rdn) => {
      const eq = rdn.indexOf("=");
      return `${rdn.slice(0, eq).trim()}=${rdn.slice(eq + 1).trim()}`;
    })
    .join(",")
    .toLowerCase();
}

/** Splits a DN on its unescaped commas. */
export function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === "\\" && i + 1 < dn.length) {
      current += c + dn[i + 1];
      i++;
    } else if (c === ",") {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** objectGUID's 16 bytes → the usual string form (the first three fields are little-endian). */
export function guidToString(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`objectGUID de ${bytes.length} octets (16 attendus)`);
  const hex = (from: number, to: number, reverse: boolean) => {
    const slice = Buffer.from(bytes.subarray(from, to));
    return (reverse ? slice.reverse() : slice).toString("hex");
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join("-");
}

const epochOffsetMs = 11_644_473_600_000n;
/** AD's "never" for accountExpires: 0 or 2^63-1. */
export const neverExpires = 9_223_372_036_854_775_807n;

/** Date → FILETIME (100 ns since 1601-01-01 UTC), the unit of accountExpires and pwdLastSet. */
export function toFileTime(date: Date): bigint {
  return (BigInt(date.getTime()) + epochOffsetMs) * 10_000n;
}

/** FILETIME → Date, or `null` for AD's two spellings of "never". */
export function fromFileTime(value: string | bigint): Date | null {
  const ticks = BigInt(value);
  if (ticks === 0n || ticks >= neverExpires) return null;
  return new Date(Number(ticks / 10_000n - epochOffsetMs));
}

/** AD's unicodePwd: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5). */
export function adPassword(password: string): Buffer {
  return Buffer.from(`"${password}"`, "utf16le");
}

/** An ldapts attribute from a value, several values or a binary value. */
export function attr(type: string, values: string | string[] | Buffer): Attribute {
  if (Buffer.isBuffer(values)) return new Attribute({ type, values: [values] });
  return new Attribute({ type, values: Array.isArray(values) ? values : [values] });
}
