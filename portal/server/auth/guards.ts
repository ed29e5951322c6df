import "server-only";
import type { Role } from "@tremplin/domain/auth";
import { AppError, isAppError } from "@tremplin/domain/errors";
import { notFound, redirect } from "next/navigation";
import { findCurrentUser } from "@/server/auth/current-user";
import type { SessionUser } from "@/server/auth/options";

/**
 * For API routes and server actions: the signed-in person holding one of `roles` (anyone signed
 * in when none is named); throws `unauthenticated` or `forbidden` (401, 403 in server/http.ts).
 * `findUser` reads the request's session: `findCurrentUser` in the portal, an injected one in
 * handlers that tests call with a real `Request`.
 */
export async function requireUser(
  findUser: () => Promise<SessionUser | undefined>,
  ...roles: Role[]
): Promise<SessionUser> {
  const user = await findUser();
  if (!user) throw new AppError("unauthenticated", "Connectez-vous pour continuer.");
  if (roles.length > 0 && !roles.some((r) => user.roles.includes(r))) {
    throw new AppError("forbidden", "Vous n'avez pas accès à cette action.");
  }
  return user;
}

/**
 * For pages: a visitor is sent to sign in and brought back; a signed-in person without one of
 * `roles` gets a 404, as for a session that is not theirs: pages do not confirm what exists.
 */
export async function requirePageUser(path: string, ...roles: Role[]): Promise<SessionUser> {
  const user = await findCurrentUser();
  if (!user) redirect(`/connexion?callbackUrl=${encodeURIComponent(path)}`);
  if (!roles.some((r) => user.roles.includes(r))) notFound();
  return user;
}

/** Runs a page's loader and turns `not_found` and `forbidden` into the 404 page. */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) notFound();
    throw error;
  }
}
