import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { env } from "@/env";
import { authOptions, type SessionUser } from "./options";
import { decodeSessionToken } from "./session-token";
import { findSessionUser } from "./sessions";

/**
 * The signed-in person, or undefined for a visitor: the session cookie decrypted and checked
 * (signature, expiry) as next-auth does, then its session checked on the server (signed out,
 * idle, too old, account disabled or role changed: see `checkSession`).
 * Not `getServerSession`, which on every call also runs next-auth's whole session endpoint and
 * encrypts a fresh token that a page cannot even set; read once per request (React's `cache`),
 * as the layout and the page both ask.
 */
export const findCurrentUser = cache(async (): Promise<SessionUser | undefined> => {
  const token = sessionToken(await cookies());
  if (!token) return undefined;
  const payload = await decodeSessionToken(token, authOptions.secret!);
  if (!payload) return undefined;
  return findSessionUser(payload);
});

/** next-auth's cookie name (`__Secure-` behind https), whole or split in `.0`, `.1`… chunks. */
function sessionToken(jar: Awaited<ReturnType<typeof cookies>>): string | undefined {
  const secure = (env().NEXTAUTH_URL ?? "").startsWith("https://");
  const name = `${secure ? "__Secure-" : ""}next-auth.session-token`;
  const whole = jar.get(name)?.value;
  if (whole) return whole;
  const chunks = jar
    .getAll()
    .filter((c) => c.name.startsWith(`${name}.`))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length > 0 ? chunks.map((c) => c.value).join("") : undefined;
}
