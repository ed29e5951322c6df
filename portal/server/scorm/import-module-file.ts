import "server-only";
import type { Db } from "@tremplin/db/client";
import { AppError } from "@tremplin/domain/errors";
import type { fileContentSchema } from "@tremplin/domain/progress";
import type { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { type ContentStore, stageFiles } from "./content-store";
import { contentTypeOf } from "./content-types";
import { parseImportTarget } from "./import-target";
import { publishModuleContent } from "./publish-module-content";

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
  return publishModuleContent<FileContent>(db, input, {
    staging,
    target,
    kind: "file",
    describe: (folder) => ({
      key: `${folder}/${name}`,
      fileName: input.fileName.slice(0, 255) || name,
      contentType: contentTypeOf(name),
      sizeBytes: input.bytes.length,
    }),
    audit: {
      action: "module.file_imported",
      details: (content, contentVersion) => ({
        contentVersion,
        fileName: content.fileName,
        bytes: content.sizeBytes,
      }),
    },
  });
}
