import "server-only";
import type { Db } from "@tremplin/db/client";
import { findSite, insertRoom } from "@tremplin/db/queries/fleet";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { assertItAdmin } from "@/server/auth/assert-it-admin";

export const addRoomSchema = z.object({
  siteId: z.uuid({ message: "site inconnu" }),
  name: z
    .string()
    .trim()
    .min(2, { message: "au moins 2 caractères" })
    .max(100, { message: "100 caractères au plus" }),
  capacity: z.coerce
    .number({ message: "un nombre de postes" })
    .int({ message: "un nombre entier" })
    .min(1, { message: "au moins 1 poste" })
    .max(60, { message: "60 postes au plus" }),
});

/** Adds a training room to a site; names are unique per site. */
export async function addRoom(
  db: Db,
  input: { actor: Actor; fields: unknown; now: Date; requestId?: string },
): Promise<{ id: string; name: string }> {
  assertItAdmin(input.actor);
  const { siteId, name, capacity } = parseOrThrow(addRoomSchema, input.fields, "Salle");
  return db.transaction(async (tx) => {
    const site = await findSite(tx, siteId);
    if (!site)
      throw new AppError("not_found", "Site introuvable.", {
        issues: [{ path: "siteId", message: "site inconnu" }],
      });
    const row = await insertRoom(tx, siteId, name, capacity);
    if (!row) {
      throw new AppError("conflict", `La salle « ${name} » existe déjà sur ce site.`, {
        issues: [{ path: "name", message: "déjà utilisé sur ce site" }],
      });
    }
    await auditChange(tx, input, {
      action: "room.created",
      entity: ["room", row.id],
      details: { name, capacity, siteId, siteName: site.name },
    });
    return { id: row.id, name };
  });
}
