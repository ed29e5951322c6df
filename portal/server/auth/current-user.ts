import "server-only";
import { AppError } from "@tremplin/domain/errors";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions, type Role, type SessionUser } from "./options";

/**
 * The signed-in person, or undefined for a visitor. Read once per request (React's `cache`): the
 * layout and the page both ask, and each read decrypts the session token.
 */
export const findCurrentUser = cache(async (): Promise<SessionUser | undefined> => {
  const session = await getServerSession(authOptions);
  return (session as { user?: SessionUser } | null)?.user ?? undefined;
});

/** The signed-in person holding one of `roles`; throws `unauthenticated` or `forbidden`. */
export async function requireUser(...roles: Role[]): Promise<SessionUser> {
  const user = await findCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Connectez-vous pour continuer.");
  if (roles.length > 0 && !roles.some((r) => user.roles.includes(r))) {
    throw new AppError("forbidden", "Vous n'avez pas accès à cette page.");
  }
  return user;
}
