import "server-only";
import type { Db } from "@tremplin/db/client";
import { AppError } from "@tremplin/domain/errors";
import type { scormContentSchema } from "@tremplin/domain/progress";
import type { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { type ContentStore, stageFiles } from "./content-store";
import { parseImportTarget } from "./import-target";
import { parseManifest } from "./manifest";
import { publishModuleContent } from "./publish-module-content";
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
  return publishModuleContent<ScormContent>(db, input, {
    staging,
    target,
    kind: "scorm",
    describe: (folder) => ({
      scormVersion: manifest.scormVersion,
      key: folder,
      launch: manifest.launch,
      title: manifest.title,
      fileCount: entries.length,
      sizeBytes: entries.reduce((s, e) => s + e.size, 0),
      masteryScore: manifest.masteryScore,
      importedAt: input.now.toISOString(),
      importedBy: input.actor.name,
    }),
    audit: {
      action: "module.package_imported",
      details: (content, contentVersion) => ({
        contentVersion,
        scormVersion: manifest.scormVersion,
        files: entries.length,
        bytes: content.sizeBytes,
        launch: manifest.launch,
      }),
    },
  });
}

/** The launch file's path as stored; a malformed escape is kept as written (then found absent). */
function decodeLaunchPath(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}
