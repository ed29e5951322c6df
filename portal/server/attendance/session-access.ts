import "server-only";
import type { Db } from "@tremplin/db/client";
import { findSessionDetail, type SessionDetail } from "@tremplin/db/queries/planning";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";

export type SessionAccess = {
  session: SessionDetail;
  /** Only the session's own trainer corrects, validates and writes notes. */
  canEdit: boolean;
};

const notFound = () => new AppError("not_found", "Session introuvable.");

/**
 * The session if `actor` may see its attendance: its trainer, IT, or an auditor (read only).
 * Anyone else, another trainer included, is told it does not exist rather than that it is
 * forbidden: session ids must not be probed.
 */
export async function getViewableSession(db: Db, actor: Actor, sessionId: unknown): Promise<SessionAccess> {
  const id = z.uuid().safeParse(sessionId);
  if (!id.success) throw notFound();
  const session = await findSessionDetail(db, id.data);
  if (!session) throw notFound();
  const isOwnTrainer = actor.roles.includes("trainer") && session.trainerId === actor.id;
  if (isOwnTrainer) return { session, canEdit: true };
  if (actor.roles.includes("it_admin") || actor.roles.includes("auditor")) return { session, canEdit: false };
  throw notFound();
}

/** As `getViewableSession`, for a change: a reader who is not the session's trainer is refused. */
export async function getEditableSession(db: Db, actor: Actor, sessionId: unknown): Promise<SessionDetail> {
  const access = await getViewableSession(db, actor, sessionId);
  if (!access.canEdit) {
    throw new AppError(
      "forbidden",
      "Seul le formateur de la session peut modifier l'émargement et les notes.",
    );
  }
  return access.session;
}
