import "server-only";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import type { Db } from "@tremplin/db/client";
import { findContentVersion } from "@tremplin/db/queries/content-versions";
import { findModuleContent } from "@tremplin/db/queries/learning-content";
import { AppError } from "@tremplin/domain/errors";
import { fileContentSchema, scormContentSchema } from "@tremplin/domain/progress";
import { z } from "zod";
import { getModuleAccess } from "@/server/learning/module-access";
import { type ContentStore, findStoredFile } from "./content-store";
import { contentTypeOf } from "./content-types";
import { injectBridge } from "./scorm-bridge";

/**
 * Whatever IT uploads runs as nobody: every package file (and attached document) is its own
 * sandbox, whose origin is opaque whoever opens it, in the player's frame or on its own. Its
 * script cannot read the portal's cookies or pages, call the portal with the viewer's session
 * (its requests carry no cookie, and its posts are refused as cross-origin), reach the player
 * window, nor navigate the top window (no allow-top-navigation). Scripts, forms, popups (which
 * inherit the sandbox) and dialogs stay allowed: packages need them. There is no
 * frame-ancestors: a package's own frames have an opaque parent, which no source list can
 * name; framed anywhere, a package page carries no authority.
 */
export const packageCsp = [
  "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads",
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");
/** An attached document is downloaded, never rendered by the portal: nothing in it may run. */
const documentCsp = "sandbox; default-src 'none'";

const notFound = () => new AppError("not_found", "Fichier introuvable.");
const withdrawn = () =>
  new AppError(
    "not_found",
    "Cette version du contenu a été retirée par la DSI. Rechargez le module pour ouvrir la version en vigueur.",
  );

/**
 * One file of a module's package or attached file, for a learner with a seat (or IT, to
 * preview). A withdrawn version is never served. With `withBridge`, a package's HTML pages get
 * the SCORM bridge (scorm-bridge.ts) as their first script.
 */
export async function serveModuleFile(
  db: Db,
  input: {
    user: { id: string; roles: readonly string[] };
    store: ContentStore;
    moduleId: string;
    version: string;
    path: string[];
    now: Date;
    withBridge?: boolean;
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
  if (!Number.isInteger(version) || version < 1) throw notFound();
  if ((await findContentVersion(db, { moduleId: module.id, version }))?.withdrawnAt) throw withdrawn();
  if (version > module.contentVersion) throw notFound();
  const scorm = scormContentSchema.safeParse(module.content);
  const file = fileContentSchema.safeParse(module.content);
  const prefix = module.kind === "scorm" && scorm.success ? `scorm/${module.id}/${version}` : undefined;
  if (module.kind === "file" && file.success) {
    const found = await findStoredFile(input.store, file.data.key, "");
    if (!found) throw notFound();
    return stream(found, file.data.contentType, {
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.data.fileName)}`,
      "content-security-policy": documentCsp,
    });
  }
  if (!prefix) throw notFound();
  const relative = input.path.map(decodeSegment).join("/");
  const found = await findStoredFile(input.store, prefix, relative);
  if (!found) throw notFound();
  const type = contentTypeOf(relative);
  const headers = { "content-security-policy": packageCsp };
  if (input.withBridge && isPage(type)) {
    const page = injectBridge(await readFile(found.path));
    return new Response(new Uint8Array(page), {
      status: 200,
      headers: fileHeaders(type, page.length, headers),
    });
  }
  return stream(found, type, headers);
}

const isPage = (type: string) => type.startsWith("text/html") || type.startsWith("application/xhtml+xml");

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
  return new Response(body, { status: 200, headers: fileHeaders(contentType, found.size, extra) });
}

function fileHeaders(contentType: string, size: number, extra: Record<string, string>) {
  return {
    "content-type": contentType,
    "content-length": String(size),
    // A version never changes once published; private: it is behind a sign-in or a ticket.
    "cache-control": "private, max-age=86400, immutable",
    "x-content-type-options": "nosniff",
    ...extra,
  };
}
