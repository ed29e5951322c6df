import "server-only";
import type { Db } from "@tremplin/db/client";
import { ensureMasterVersion, getSiteOfRoom, insertRollout } from "@tremplin/db/queries/masters";
import { localDate } from "@tremplin/domain/calendar";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import type { MasterStore } from "@tremplin/image-format/master-store";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { readStoreHeader } from "./read-store-header";

const siteDate = z.iso.date({ message: "une date AAAA-MM-JJ" });

export const rolloutFieldsSchema = z
  .object({
    /** `<name>@<version>`, as the page's list of the store's versions gives it. */
    master: z.string().regex(/^[^@]+@[^@]+$/, { message: "choisissez une version de master" }),
    roomId: z.uuid({ message: "salle inconnue" }),
    startsOn: siteDate,
    endsOn: siteDate,
  })
  .refine((f) => f.endsOn >= f.startsOn, { path: ["endsOn"], message: "au plus tôt le premier jour" });

/**
 * IT puts a master version in a room for some days: the room's posts fetch it in the nights
 * before the first one (the schedule names it), its relay too. The version must be in the
 * portal's store; its catalogue row is made on first use. Audited.
 */
export async function createRollout(
  db: Db,
  store: MasterStore,
  input: { actor: Actor; fields: unknown; now: Date; requestId?: string },
): Promise<{ id: string }> {
  assertItAdmin(input.actor);
  const fields = parseOrThrow(rolloutFieldsSchema, input.fields, "Déploiement");
  const [name, version] = fields.master.split("@") as [string, string];
  const site = await getSiteOfRoom(db, fields.roomId).catch(() => undefined);
  if (!site)
    throw new AppError("not_found", "Salle introuvable.", {
      issues: [{ path: "roomId", message: "salle inconnue" }],
    });
  if (fields.startsOn < localDate(input.now, site.timezone)) {
    throw new AppError("invalid_input", "Un déploiement commence aujourd'hui ou plus tard.", {
      issues: [{ path: "startsOn", message: "date passée" }],
    });
  }
  const header = await readStoreHeader(store, name, version).catch((error: unknown) => {
    throw new AppError("not_found", `${name} ${version} n'est pas dans le dépôt du portail.`, {
      cause: error,
      issues: [{ path: "master", message: "absente du dépôt" }],
    });
  });
  return db.transaction(async (tx) => {
    const masterVersionId = await ensureMasterVersion(tx, {
      name,
      version,
      os: header.os === "windows" ? "windows" : "linux",
      description: header.description ?? "",
      header,
      virtualSize: header.virtualSize,
      publishedAt: new Date(header.created),
    });
    const { startsOn, endsOn, roomId } = fields;
    const id = await insertRollout(tx, {
      masterVersionId,
      roomId,
      startsOn,
      endsOn,
      createdBy: input.actor.id,
    });
    await auditChange(tx, input, {
      action: "rollout.created",
      entity: ["rollout", id],
      details: { master: name, version, roomId, startsOn, endsOn },
    });
    return { id };
  });
}
