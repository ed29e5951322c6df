import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { recordContentVersion } from "@tremplin/db/queries/content-versions";
import { appendModule, lockModule, setModuleContent } from "@tremplin/db/queries/learning-content";
import { AppError } from "@tremplin/domain/errors";
import type { fileContentSchema } from "@tremplin/domain/progress";
import type { z } from "zod";
import { type Actor, auditActor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { type ContentStore, discardStaged, publishStaged, stageFiles } from "./content-store";
import { contentTypeOf } from "./content-types";
import { parseImportTarget } from "./import-target";
import { nextContentVersion } from "./next-content-version";

type FileContent = z.infer<typeof fileContentSchema>;

/** A name safe on every file system and in a Content-Disposition header; the original is kept for display. */
function storedName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const safe = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\w.-]+/g, "_")
    .replace(/^\.+/, "")
    .slice(-120);
  return safe || "fichier";
}

/**
 * IT attaches a document (PDF, office file…) to a training: a new "file" module, or a new
 * version of an existing one. Stored like SCORM packages (staged, then published in the
 * transaction that bumps the version), served to learners with a seat as an attachment.
 */
export async function importModuleFile(
  db: Db,
  input: {
    actor: Actor;
    store: ContentStore;
    target: unknown;
    fileName: string;
    bytes: Buffer;
    now: Date;
    requestId?: string;
  },
): Promise<{ moduleId: string; contentVersion: number; content: FileContent }> {
  assertItAdmin(input.actor);
  if (input.bytes.length === 0)
    throw new AppError("invalid_input", "Le fichier est vide.", {
      issues: [{ path: "file", message: "fichier vide" }],
    });
  const target = parseImportTarget(input.target);
  const name = storedName(input.fileName);
  const staging = await stageFiles(input.store, [{ name, read: () => input.bytes }]);
  let published = false;
  try {
    return await db.transaction(async (tx) => {
      const existing = "moduleId" in target;
      const moduleId = existing ? target.moduleId : randomUUID();
      const current = existing ? await lockModule(tx, moduleId) : undefined;
      if (existing && !current) throw new AppError("not_found", "Module introuvable.");
      if (current && current.kind !== "file")
        throw new AppError("conflict", "Ce module n'est pas un module « fichier ».");
      const contentVersion = await nextContentVersion(tx, current);
      const folder = `files/${moduleId}/${contentVersion}`;
      const content: FileContent = {
        key: `${folder}/${name}`,
        fileName: input.fileName.slice(0, 255) || name,
        contentType: contentTypeOf(name),
        sizeBytes: input.bytes.length,
      };
      if (current) await setModuleContent(tx, { id: moduleId, content, contentVersion });
      else if (!existing) {
        const added = await appendModule(tx, { id: moduleId, ...target, kind: "file", content });
        if (!added)
          throw new AppError("invalid_input", "Formation introuvable.", {
            issues: [{ path: "trainingId", message: "formation inconnue" }],
          });
      }
      await recordContentVersion(tx, { moduleId, version: contentVersion, content, at: input.now });
      await appendAudit(tx, {
        at: input.now,
        ...auditActor(input.actor),
        action: "module.file_imported",
        entityType: "module",
        entityId: moduleId,
        details: { contentVersion, fileName: content.fileName, bytes: content.sizeBytes },
        requestId: input.requestId ?? null,
      });
      await publishStaged(input.store, staging, folder);
      published = true;
      return { moduleId, contentVersion, content };
    });
  } finally {
    if (!published) await discardStaged(staging);
  }
}
