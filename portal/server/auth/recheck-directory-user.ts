import "server-only";
import type { Db } from "@tremplin/db/client";
import { revokeUserSessions, updateUserRoles } from "@tremplin/db/queries/user-sessions";
import type { UserRow } from "@tremplin/db/queries/users";
import { readAccountStatus } from "@tremplin/directory/account-status";
import type { Directory } from "@tremplin/directory/client";

/**
 * A directory account with an open session, as AD says it is now: disabled, expired or removed
 * there, its sessions end here (revoked: a later sign-in, once AD allows it, works again);
 * moved between groups, its roles follow (and its sessions end with the change: a trigger on
 * `users`, so the next sign-in carries the new roles). Without a service account nothing can be read for
 * someone who is not signing in: the session's idle and absolute limits bound it then. When
 * the DC does not answer, the session goes on (AD being down must not sign everybody out);
 * the next check asks again.
 */
export async function recheckDirectoryUser<U extends Pick<UserRow, "id" | "username">>(
  deps: { db: Db; directory: Directory; now: Date },
  user: U,
): Promise<(U & { roles: string[] }) | U | undefined> {
  const { db, directory, now } = deps;
  if (!directory.hasServiceAccount) return user;
  const status = await readAccountStatus(directory, user.username, now).catch((error: unknown) => {
    directory.logger.warn(
      { event: "session_recheck_failed", username: user.username, err: error },
      "annuaire injoignable : session gardée jusqu'à la prochaine vérification",
    );
    return undefined;
  });
  if (!status) return user;
  if (status.state !== "active") {
    const ended = await revokeUserSessions(db, user.id, now);
    directory.logger.info(
      { event: "sessions_revoked", username: user.username, reason: status.state, sessions: ended },
      "compte désactivé, expiré ou supprimé dans l'annuaire : sessions terminées",
    );
    return undefined;
  }
  if (await updateUserRoles(db, user.id, status.roles)) return { ...user, roles: status.roles };
  return user;
}
