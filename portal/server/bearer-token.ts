import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

// Both sides hashed first: timingSafeEqual needs equal lengths, and the length must not leak either.
const digest = (value: string) => createHash("sha256").update(value).digest();

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function presentedBearer(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  return header === null ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** Does the request carry `expected` as its bearer token? Compared in constant time. */
export function hasBearerToken(request: Request, expected: string): boolean {
  const presented = presentedBearer(request);
  return presented !== undefined && timingSafeEqual(digest(presented), digest(expected));
}
