import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { appendAudit } from "@tremplin/db/queries/audit";
import { recordContentVersion } from "@tremplin/db/queries/content-versions";
import { appendModule, lockModule, setModuleContent } from "@tremplin/db/queries/learning-content";
import { AppError } from "@tremplin/domain/errors";
import type { scormContentSchema } from "@tremplin/domain/progress";
import type { z } from "zod";
import { type Actor, auditActor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { type ContentStore, discardStaged, publishStaged, stageFiles } from "./content-store";
import { parseImportTarget } from "./import-target";
import { parseManifest } from "./manifest";
import { nextContentVersion } from "./next-content-version";
import { defaultZipLimits, readZip, type ZipLimits } from "./zip-reader";

type ScormContent = z.infer<typeof scormContentSchema>;
/**
 * IT imports a SCORM 1.2 or 2004 package (a zip with imsmanifest.xml at its root), into an
 * existing SCORM module (a new content version) or as a new module at the end of a training.
 * The archive is checked before any byte is inflated (see zip-reader), unpacked into staging,
 * then published under `scorm/<module>/<version>` in the transaction that bumps the version:
 * learners see the old version or the new one, never half of it.
 */
export async function importScormPackage(
  db: Db,
  input: {
    actor: Actor;
    store: ContentStore;
    target: unknown;
    zip: Buffer;
    now: Date;
    limits?: ZipLimits;
    requestId?: string;
  },
): Promise<{ moduleId: string; contentVersion: number; content: ScormContent }> {
  assertItAdmin(input.actor);
  const target = parseImportTarget(input.target);
  const entries = await readZip(input.zip, input.limits ?? defaultZipLimits);
  const manifestEntry = entries.find((e) => e.name === "imsmanifest.xml");
  if (!manifestEntry) {
    throw new AppError(
      "invalid_input",
      "L'archive ne contient pas imsmanifest.xml à sa racine : ce n'est pas un paquet SCORM.",
      {
        issues: [{ path: "package", message: "imsmanifest.xml manquant" }],
      },
    );
  }
  const manifest = parseManifest((await manifestEntry.read()).toString("utf8"));
  const launchPath = decodeLaunchPath(manifest.launch.split(/[?#]/)[0]!);
  if (!entries.some((e) => e.name === launchPath)) {
    throw new AppError(
      "invalid_input",
      `Le fichier de lancement « ${launchPath} » déclaré par imsmanifest.xml est absent de l'archive.`,
      {
        issues: [{ path: "package", message: "fichier de lancement absent" }],
      },
    );
  }
  const staging = await stageFiles(input.store, entries);
  let published = false;
  try {
    return await db.transaction(async (tx) => {
      const moduleId = "moduleId" in target ? target.moduleId : randomUUID();
      const current = "moduleId" in target ? await lockModule(tx, moduleId) : undefined;
      if ("moduleId" in target && !current) throw new AppError("not_found", "Module introuvable.");
      if (current && current.kind !== "scorm")
        throw new AppError("conflict", "Ce module n'est pas un module SCORM.");
      const contentVersion = await nextContentVersion(tx, current);
      const key = `scorm/${moduleId}/${contentVersion}`;
      const content: ScormContent = {
        scormVersion: manifest.scormVersion,
        key,
        launch: manifest.launch,
        title: manifest.title,
        fileCount: entries.length,
        sizeBytes: entries.reduce((s, e) => s + e.size, 0),
        masteryScore: manifest.masteryScore,
        importedAt: input.now.toISOString(),
        importedBy: input.actor.name,
      };
      if (current) await setModuleContent(tx, { id: moduleId, content, contentVersion });
      else if ("trainingId" in target) {
        const added = await appendModule(tx, {
          id: moduleId,
          trainingId: target.trainingId,
          title: target.title,
          kind: "scorm",
          durationMinutes: target.durationMinutes,
          content,
        });
        if (!added)
          throw new AppError("invalid_input", "Formation introuvable.", {
            issues: [{ path: "trainingId", message: "formation inconnue" }],
          });
      }
      await recordContentVersion(tx, { moduleId, version: contentVersion, content, at: input.now });
      await appendAudit(tx, {
        at: input.now,
        ...auditActor(input.actor),
        action: "module.package_imported",
        entityType: "module",
        entityId: moduleId,
        details: {
          contentVersion,
          scormVersion: manifest.scormVersion,
          files: entries.length,
          bytes: content.sizeBytes,
          launch: manifest.launch,
        },
        requestId: input.requestId ?? null,
      });
      await publishStaged(input.store, staging, key);
      published = true;
      return { moduleId, contentVersion, content };
    });
  } finally {
    if (!published) await discardStaged(staging);
  }
}

/** The launch file's path as stored; a malformed escape is kept as written (then found absent). */
function decodeLaunchPath(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}
