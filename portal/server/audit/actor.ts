import "server-only";

/** Who performs an administrative change: the signed-in person, as the session carries them. */
export type Actor = { id: string; name: string; username: string; roles: readonly string[] };

/** The actor as the audit log records them. */
export function auditActor(actor: Actor) {
  return { actorId: actor.id, actorLabel: `${actor.name} (${actor.username})` };
}
