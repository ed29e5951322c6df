import "server-only";
import type { Db } from "@tremplin/db/client";
import { listAuditFacets, searchAuditLog } from "@tremplin/db/queries/audit";
import { addDays, defaultTimeZone, zonedInstant } from "@tremplin/domain/calendar";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";

export const auditPageSize = 50;
const timezone = defaultTimeZone;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `${max} caractères au plus` })
    .optional()
    .transform((s) => s || undefined);
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((s) => s || undefined)
  .pipe(z.iso.date({ message: "date au format AAAA-MM-JJ" }).optional());

export const auditFiltersSchema = z
  .object({
    actor: optionalText(100),
    action: optionalText(100),
    entityType: optionalText(50),
    entityId: optionalText(100),
    from: optionalDate,
    to: optionalDate,
    page: z.coerce.number({ message: "numéro de page" }).int().min(1).max(100_000).default(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ["to"],
    message: "la date de fin précède la date de début",
  });
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/**
 * The audit log for IT and auditors: filtered by actor, action, entity and local dates (both
 * days included), newest first, one page at a time.
 */
export async function searchAudit(db: Db, input: { actor: Actor; query: unknown }) {
  if (!input.actor.roles.includes("it_admin") && !input.actor.roles.includes("auditor")) {
    throw new AppError("forbidden", "Réservé à la DSI et aux auditeurs.");
  }
  const filters = parseOrThrow(auditFiltersSchema, input.query, "Filtres");
  const page = filters.page;
  const [result, facets] = await Promise.all([
    searchAuditLog(
      db,
      {
        actor: filters.actor,
        action: filters.action,
        entityType: filters.entityType,
        entityId: filters.entityId,
        from: filters.from ? zonedInstant(filters.from, "00:00", timezone) : undefined,
        to: filters.to ? zonedInstant(addDays(filters.to, 1), "00:00", timezone) : undefined,
      },
      { limit: auditPageSize, offset: (page - 1) * auditPageSize },
    ),
    listAuditFacets(db),
  ]);
  const pages = Math.max(1, Math.ceil(result.total / auditPageSize));
  return { filters, rows: result.rows, total: result.total, page, pages, facets };
}
