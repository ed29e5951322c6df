import "server-only";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { findCertificateByCode, searchCertificates, setLegalHold } from "@tremplin/db/queries/certificates";
import { certificateStatuses } from "@tremplin/db/schema";
import { certificateCodeSchema } from "@tremplin/domain/certification";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import { type Actor, auditActor } from "@/server/audit/actor";

const searchSchema = z.object({
  q: z
    .string()
    .trim()
    .max(100, "100 caractères au plus")
    .optional()
    .transform((v) => v || undefined),
  statut: z.enum(certificateStatuses).optional().catch(undefined),
});

/** Auditors' and IT's search over every certificate (200 at most, newest first). */
export async function findCertificates(db: Db, params: unknown) {
  const { q, statut } = parseOrThrow(searchSchema, params, "Recherche");
  const rows = await searchCertificates(db, { query: q, status: statut, limit: 200 });
  return {
    query: { q: q ?? "", statut: statut ?? "" },
    results: rows.map((r) => ({
      code: r.certificate.code,
      kind: r.certificate.kind,
      status: r.certificate.status,
      issuedAt: r.certificate.issuedAt,
      retainUntil: r.certificate.retainUntil,
      legalHold: r.certificate.legalHold,
      learnerName: r.learnerName,
      trainingTitle: r.trainingTitle,
      trainingCode: r.trainingCode,
    })),
  };
}

const holdSchema = z.object({
  code: certificateCodeSchema,
  hold: z.enum(["on", "off"]),
  reason: z.string().trim().min(5, "dites pourquoi (une procédure, un contrôle), en quelques mots").max(500),
});

/**
 * Puts a certificate's evidence under legal hold (a dispute, an inspection), or lifts it: while
 * held, the retention purge leaves it alone. IT only; audited with its reason.
 */
export async function setCertificateLegalHold(db: Db, input: { actor: Actor; fields: unknown; now: Date }) {
  if (!input.actor.roles.includes("it_admin"))
    throw new AppError("forbidden", "Seule la DSI pose une suspension légale.");
  const { code, hold, reason } = parseOrThrow(holdSchema, input.fields, "Suspension légale");
  const found = await findCertificateByCode(db, code);
  if (!found) throw new AppError("not_found", "Certificat introuvable.");
  if (found.certificate.purgedAt) throw new AppError("conflict", "Ce certificat a déjà été supprimé.");
  await db.transaction(async (tx) => {
    await setLegalHold(tx, { id: found.certificate.id, hold: hold === "on" });
    await appendAudit(tx, {
      at: input.now,
      ...auditActor(input.actor),
      action: hold === "on" ? "certificate.held" : "certificate.released",
      entityType: "certificate",
      entityId: found.certificate.id,
      details: { code, reason },
    });
  });
  return { code, hold: hold === "on" };
}
