import "server-only";
import { AppError } from "@tremplin/domain/errors";

/** Who performs an administrative change: the signed-in person, as the session carries them. */
export type Actor = { id: string; name: string; username: string; roles: readonly string[] };

/** Use cases check the role themselves too, so no page or action can forget it. */
export function assertItAdmin(actor: Actor): void {
  if (!actor.roles.includes("it_admin")) {
    throw new AppError("forbidden", "Réservé à la DSI (rôle it_admin).");
  }
}

export function auditActor(actor: Actor) {
  return { actorId: actor.id, actorLabel: `${actor.name} (${actor.username})` };
}
