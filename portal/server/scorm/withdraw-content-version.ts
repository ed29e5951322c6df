import "server-only";
import type { Db } from "@tremplin/db/client";
import { findLatestVersionInForce, markVersionWithdrawn } from "@tremplin/db/queries/content-versions";
import { lockModule, setModuleContent } from "@tremplin/db/queries/learning-content";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { auditChange } from "@/server/audit/audit-change";
import { assertItAdmin } from "@/server/auth/assert-it-admin";

const withdrawalSchema = z.object({
  moduleId: z.uuid({ message: "module inconnu" }),
  version: z.coerce
    .number({ message: "un numéro de version" })
    .int()
    .min(1, { message: "version 1 au moins" }),
  reason: z
    .string({ message: "motif requis" })
    .trim()
    .min(5, { message: "motif requis (5 caractères au moins)" })
    .max(500, { message: "500 caractères au plus" }),
});

/**
 * IT withdraws a bad version of a module's content (a SCORM package, a document), with the
 * reason, audited. From the commit on, its files are refused to everyone, a learner who had it
 * open included; the module falls back to its latest version still in force, or to "not yet
 * available" when none is left. The version's number stays taken (next-content-version.ts).
 */
export async function withdrawContentVersion(
  db: Db,
  input: { actor: Actor; body: unknown; now: Date; requestId?: string },
): Promise<{ moduleId: string; withdrawnVersion: number; servedVersion: number | null }> {
  assertItAdmin(input.actor);
  const { moduleId, version, reason } = parseOrThrow(withdrawalSchema, input.body, "Retrait");
  return db.transaction(async (tx) => {
    const module = await lockModule(tx, moduleId);
    if (!module) throw new AppError("not_found", "Module introuvable.");
    const isMarked = await markVersionWithdrawn(tx, {
      moduleId,
      version,
      at: input.now,
      by: input.actor.id,
      reason,
    });
    if (!isMarked)
      throw new AppError("conflict", `La version ${version} de ce module n'existe pas ou est déjà retirée.`);
    let servedVersion: number | null = module.contentVersion;
    if (version === module.contentVersion) {
      const fallback = await findLatestVersionInForce(tx, moduleId);
      servedVersion = fallback?.version ?? null;
      // With no version left, the module waits for a new import, as one created empty does.
      await setModuleContent(tx, {
        id: moduleId,
        content: fallback?.content ?? { pending: true },
        contentVersion: fallback?.version ?? module.contentVersion,
      });
    }
    await auditChange(tx, input, {
      action: "module.content_withdrawn",
      entity: ["module", moduleId],
      details: { contentVersion: version, reason, servedVersion },
    });
    return { moduleId, withdrawnVersion: version, servedVersion };
  });
}
