// Any origin would do: it only lets the URL parser resolve a path the way a browser would.
const probe = "http://tremplin.invalid";

/**
 * Where to send someone after signing in (or any redirect whose target came from input): a
 * path of this site, or `fallback`. The input is resolved the way a browser resolves it, so
 * that `/\evil.example`, `/\t/evil.example` or `//evil.example` (each another host once the
 * browser reads it) are refused, not only what looks absolute. An absolute URL is accepted
 * only when it names `origin` (next-auth hands its redirect callback such URLs).
 */
export function safeRedirectPath(
  input: unknown,
  options: { origin?: string; fallback?: string } = {},
): string {
  const fallback = options.fallback ?? "/";
  if (typeof input !== "string" || input.length === 0 || input.length > 2048) return fallback;
  const isPath = input.startsWith("/");
  const base = isPath ? probe : options.origin;
  if (!base || !URL.canParse(base)) return fallback;
  // Not a path: only a whole URL is read, never one relative to the origin.
  const url = isPath ? URL.parse(input, base) : URL.parse(input);
  if (!url || url.origin !== new URL(base).origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that starts with two slashes is read back as another host (`//evil.example`).
  return path.startsWith("//") ? fallback : path;
}
