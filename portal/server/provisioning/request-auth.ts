import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@tremplin/domain/errors";
import type { SessionUser } from "@/server/auth/options";
import type { RunBy } from "./run-record";

export type RequestAuthDeps = {
  /** TREMPLIN_PROVISIONING_TOKEN; without it, only a signed-in IT person may call. */
  token: () => string | undefined;
  /** The signed-in person of the request's session cookie, if any. */
  findUser: (request: Request) => Promise<SessionUser | undefined>;
};

// Both sides hashed first: timingSafeEqual needs equal lengths, and the length must not leak either.
const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Who calls the provisioning API: the scheduled job with `Authorization: Bearer <token>`, or
 * a signed-in IT person. A wrong token is refused outright, never tried as a session.
 */
export async function authenticateProvisioningRequest(
  request: Request,
  deps: RequestAuthDeps,
): Promise<RunBy> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const token = deps.token();
    if (!token || !presented || !timingSafeEqual(digest(presented), digest(token))) {
      throw new AppError("unauthenticated", "Jeton de provisionnement absent ou invalide.");
    }
    return { kind: "schedule" };
  }
  const user = await deps.findUser(request);
  if (!user) throw new AppError("unauthenticated", "Jeton de provisionnement ou session DSI requis.");
  if (!user.roles.includes("it_admin")) {
    throw new AppError("forbidden", "Réservé à la DSI (rôle it_admin).");
  }
  return { kind: "user", user };
}
