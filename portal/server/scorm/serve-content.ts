import "server-only";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { Db } from "@tremplin/db/client";
import { findModuleContent } from "@tremplin/db/queries/learning-content";
import { AppError } from "@tremplin/domain/errors";
import { fileContentSchema, scormContentSchema } from "@tremplin/domain/progress";
import { z } from "zod";
import { getModuleAccess } from "@/server/learning/module-access";
import { type ContentStore, findStoredFile } from "./content-store";
import { contentTypeOf } from "./content-types";

/**
 * Package files are served from the portal's own origin so that the SCO finds the runtime in its
 * parent window (SCORM API discovery). Packages come from IT only, so their scripts are trusted
 * like the portal's; they may frame only under the portal itself.
 */
const packageCsp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
].join("; ");

const notFound = () => new AppError("not_found", "Fichier introuvable.");

/** One file of a module's package or attached file, for a learner with a seat (or IT, to preview). */
export async function serveModuleFile(
  db: Db,
  input: {
    user: { id: string; roles: readonly string[] };
    store: ContentStore;
    moduleId: string;
    version: string;
    path: string[];
    now: Date;
  },
): Promise<Response> {
  if (!z.uuid().safeParse(input.moduleId).success) throw notFound();
  const module = input.user.roles.includes("it_admin")
    ? await findModuleContent(db, input.moduleId)
    : (await getModuleAccess(db, { learnerId: input.user.id, moduleId: input.moduleId, now: input.now }))
        .module;
  if (!module) throw notFound();
  // Any stored version stays readable: a learner mid-launch keeps the version they started.
  const version = Number(input.version);
  if (!Number.isInteger(version) || version < 1 || version > module.contentVersion) throw notFound();
  const scorm = scormContentSchema.safeParse(module.content);
  const file = fileContentSchema.safeParse(module.content);
  const prefix = module.kind === "scorm" && scorm.success ? `scorm/${module.id}/${version}` : undefined;
  if (module.kind === "file" && file.success) {
    const found = await findStoredFile(input.store, file.data.key, "");
    if (!found) throw notFound();
    return stream(found, file.data.contentType, {
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.data.fileName)}`,
    });
  }
  if (!prefix) throw notFound();
  const relative = input.path.map(decodeSegment).join("/");
  const found = await findStoredFile(input.store, prefix, relative);
  if (!found) throw notFound();
  return stream(found, contentTypeOf(relative), {
    "content-security-policy": packageCsp,
    "x-frame-options": "SAMEORIGIN",
  });
}

/** A path segment as stored; a malformed escape (`%E0%A4%A`) names no file rather than failing. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw notFound();
  }
}

function stream(
  found: { path: string; size: number; modifiedAt: Date },
  contentType: string,
  extra: Record<string, string>,
) {
  const body = Readable.toWeb(createReadStream(found.path)) as ReadableStream;
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-length": String(found.size),
      // A version never changes once published; private: it is behind a sign-in.
      "cache-control": "private, max-age=86400, immutable",
      "x-content-type-options": "nosniff",
      ...extra,
    },
  });
}
