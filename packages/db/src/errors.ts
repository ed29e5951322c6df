/** PostgreSQL's unique_violation (SQLSTATE 23505), as both drivers report it. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === "23505";
}

/**
 * The SQLSTATE of a database error, as both drivers report it (drizzle wraps the driver's error:
 * the code sits on a cause), or undefined for anything else.
 */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current === "object") {
      const code = (current as { code?: unknown }).code;
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * True for PostgreSQL's class 22, data exception: a value the column cannot hold (a NUL byte in
 * text, an integer or a date out of range, a malformed number). The schemas at the boundary are
 * meant to refuse these first; this is the net under them, so the client gets a 400, not a 500.
 */
export function isDataException(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith("22") ?? false;
}
