import "server-only";
import { isAppError } from "@tremplin/domain/errors";
import { notFound, redirect } from "next/navigation";
import { findCurrentUser } from "@/server/auth/current-user";
import type { Role, SessionUser } from "@/server/auth/options";

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
