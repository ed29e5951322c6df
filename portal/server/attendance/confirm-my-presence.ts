import "server-only";
import type { Db } from "@tremplin/db/client";
import { insertPortalSignature } from "@tremplin/db/queries/presence-confirmations";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { listPresenceToConfirm } from "./list-presence-to-confirm";

const confirmationSchema = z.object({
  sessionId: z.uuid({ message: "session inconnue" }),
  /** The form's own id: the same form sent twice is one confirmation. */
  key: z.uuid({ message: "formulaire invalide : rechargez la page" }),
});

/**
 * The learner confirms their own presence for the half-day of a session running now (or ended
 * under 30 minutes ago): the *émargement* by the learner, for a remote session or when the
 * kiosk's was missed. Stored as a `signature` record without a post; the first one stands.
 */
export async function confirmMyPresence(
  db: Db,
  input: { actor: Actor; fields: unknown; now: Date },
): Promise<{ at: Date; isNew: boolean }> {
  const fields = parseOrThrow(confirmationSchema, input.fields, "Confirmation de présence");
  const open = await listPresenceToConfirm(db, { learnerId: input.actor.id, now: input.now });
  const target = open.find((o) => o.session.id === fields.sessionId);
  if (!target) {
    throw new AppError(
      "conflict",
      "Aucune demi-journée de cette session n'est en cours pour vous : la présence se confirme pendant la demi-journée, ou dans les 30 minutes qui suivent sa fin.",
    );
  }
  if (target.confirmation) return { at: target.confirmation.at, isNew: false };
  const isNew = await insertPortalSignature(db, {
    sessionId: target.session.id,
    learnerId: input.actor.id,
    at: input.now,
    key: fields.key,
  });
  return { at: input.now, isNew };
}
