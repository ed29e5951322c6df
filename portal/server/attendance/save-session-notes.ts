import "server-only";
import type { Db } from "@tremplin/db/client";
import { updateNotesIfUnchanged } from "@tremplin/db/queries/attendance";
import { appendAudit } from "@tremplin/db/queries/audit";
import { notesInputSchema } from "@tremplin/domain/attendance";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { type Actor, auditActor } from "@/server/audit/actor";
import { getEditableSession } from "./session-access";

/**
 * Saves the trainer's notes for a session, unless they changed since the trainer opened them:
 * then nothing is written and the trainer is told, with their text kept in the form.
 */
export async function saveSessionNotes(
  db: Db,
  input: { actor: Actor; sessionId: unknown; fields: unknown; now: Date; requestId?: string },
): Promise<{ isUnchanged: boolean }> {
  const session = await getEditableSession(db, input.actor, input.sessionId);
  const { notes, previousNotes } = parseOrThrow(notesInputSchema, input.fields, "Notes");
  const next = notes.replace(/\r\n/g, "\n");
  const previous = previousNotes.replace(/\r\n/g, "\n");
  if (next === session.notes) return { isUnchanged: true };
  return db.transaction(async (tx) => {
    const saved = await updateNotesIfUnchanged(tx, { sessionId: session.id, previous, next });
    if (!saved) {
      throw new AppError(
        "conflict",
        "Les notes ont été modifiées entre-temps (autre onglet ou autre personne). Rechargez la page pour voir la dernière version, puis reportez vos ajouts.",
        { issues: [{ path: "notes", message: "modifiées entre-temps" }] },
      );
    }
    await appendAudit(tx, {
      at: input.now,
      ...auditActor(input.actor),
      action: "session.notes_updated",
      entityType: "session",
      entityId: session.id,
      details: { length: next.length, previousLength: previous.length },
      requestId: input.requestId ?? null,
    });
    return { isUnchanged: false };
  });
}
