import "server-only";
import type { Db } from "@tremplin/db/client";
import { findRoom, insertKiosk } from "@tremplin/db/queries/fleet";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { assertItAdmin } from "@/server/auth/assert-it-admin";

export const addKioskSchema = z.object({
  roomId: z.uuid({ message: "salle inconnue" }),
  label: z
    .string()
    .trim()
    .min(2, { message: "au moins 2 caractères" })
    .max(64, { message: "64 caractères au plus" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, { message: "lettres, chiffres, espace, point, tiret" }),
});

/** Declares a post in a room; it serves once registered with a code. Labels are unique per room. */
export async function addKiosk(
  db: Db,
  input: { actor: Actor; fields: unknown; now: Date; requestId?: string },
): Promise<{ id: string; label: string }> {
  assertItAdmin(input.actor);
  const { roomId, label } = parseOrThrow(addKioskSchema, input.fields, "Poste");
  return db.transaction(async (tx) => {
    const room = await findRoom(tx, roomId);
    if (!room)
      throw new AppError("not_found", "Salle introuvable.", {
        issues: [{ path: "roomId", message: "salle inconnue" }],
      });
    const row = await insertKiosk(tx, roomId, label);
    if (!row) {
      throw new AppError("conflict", `Le poste « ${label} » existe déjà dans cette salle.`, {
        issues: [{ path: "label", message: "déjà utilisé dans cette salle" }],
      });
    }
    await auditChange(tx, input, {
      action: "kiosk.created",
      entity: ["kiosk", row.id],
      details: { label, roomId, roomName: room.name },
    });
    return { id: row.id, label };
  });
}
