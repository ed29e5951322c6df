import "server-only";
import { AppError } from "@tremplin/domain/errors";
import type { Actor } from "@/server/audit/actor";

/** Use cases check the role themselves too, so no page or action can forget it. */
export function assertItAdmin(actor: Actor): void {
  if (!actor.roles.includes("it_admin")) {
    throw new AppError("forbidden", "Réservé à la DSI (rôle it_admin).");
  }
}
