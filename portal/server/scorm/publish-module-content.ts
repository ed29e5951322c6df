import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { recordContentVersion } from "@tremplin/db/queries/content-versions";
import { appendModule, lockModule, setModuleContent } from "@tremplin/db/queries/learning-content";
import { AppError } from "@tremplin/domain/errors";
import { type Actor, auditActor } from "@/server/audit/actor";
import { type ContentStore, discardStaged, publishStaged } from "./content-store";
import type { ImportTarget } from "./import-target";
import { nextContentVersion } from "./next-content-version";

const kinds = {
  file: { folder: "files", wrongKind: "Ce module n'est pas un module « fichier »." },
  scorm: { folder: "scorm", wrongKind: "Ce module n'est pas un module SCORM." },
} as const;

/** Who imports, into which store, when: the import's own input. */
export type ImportRequest = { actor: Actor; store: ContentStore; now: Date; requestId?: string | undefined };

export type PublishInput<C> = {
  /** The folder `stageFiles` filled: published under the version's folder, or discarded. */
  staging: string;
  target: ImportTarget;
  kind: keyof typeof kinds;
  /** The module's content for the version stored under `folder` (`<kind>/<module>/<version>`). */
  describe: (folder: string) => C;
  audit: { action: string; details: (content: C, contentVersion: number) => Record<string, unknown> };
};

/**
 * How both imports end, in one transaction: the module's next content version (a new module at
 * the end of its training, or the next version of an existing module of the same kind), its
 * content, the version's history row and the audit entry; the staged files are moved under the
 * version's folder before it commits. Whatever fails, the staged files are discarded.
 */
export async function publishModuleContent<C>(
  db: Db,
  request: ImportRequest,
  input: PublishInput<C>,
): Promise<{ moduleId: string; contentVersion: number; content: C }> {
  const { target, kind } = input;
  let published = false;
  try {
    return await db.transaction(async (tx) => {
      const moduleId = "moduleId" in target ? target.moduleId : randomUUID();
      const current = "moduleId" in target ? await lockModule(tx, moduleId) : undefined;
      if ("moduleId" in target && !current) throw new AppError("not_found", "Module introuvable.");
      if (current && current.kind !== kind) throw new AppError("conflict", kinds[kind].wrongKind);
      const contentVersion = await nextContentVersion(tx, current);
      const folder = `${kinds[kind].folder}/${moduleId}/${contentVersion}`;
      const content = input.describe(folder);
      if (current) await setModuleContent(tx, { id: moduleId, content, contentVersion });
      else if ("trainingId" in target) {
        const added = await appendModule(tx, { id: moduleId, ...target, kind, content });
        if (!added)
          throw new AppError("invalid_input", "Formation introuvable.", {
            issues: [{ path: "trainingId", message: "formation inconnue" }],
          });
      }
      await recordContentVersion(tx, { moduleId, version: contentVersion, content, at: request.now });
      await appendAudit(tx, {
        at: request.now,
        ...auditActor(request.actor),
        action: input.audit.action,
        entityType: "module",
        entityId: moduleId,
        details: input.audit.details(content, contentVersion),
        requestId: request.requestId ?? null,
      });
      await publishStaged(request.store, input.staging, folder);
      published = true;
      return { moduleId, contentVersion, content };
    });
  } finally {
    if (!published) await discardStaged(input.staging);
  }
}
