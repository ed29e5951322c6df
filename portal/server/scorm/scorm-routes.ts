import "server-only";
import type { Db } from "@tremplin/db/client";
import { AppError, isAppError } from "@tremplin/domain/errors";
import { requireUser } from "@/server/auth/guards";
import type { SessionUser } from "@/server/auth/options";
import { json, readForm, readJson, route } from "@/server/http";
import type { ContentStore } from "./content-store";
import { importModuleFile } from "./import-module-file";
import { importScormPackage } from "./import-scorm-package";
import { readLaunchTicket } from "./launch-ticket";
import { recordRuntimeCommit } from "./record-runtime-commit";
import { serveModuleFile } from "./serve-content";
import { withdrawContentVersion } from "./withdraw-content-version";
import { formatBytes } from "./zip-reader";

export type ScormRouteDeps = {
  getDb: () => Promise<Db>;
  getUser: () => Promise<SessionUser | undefined>;
  getStore: () => ContentStore;
  now?: () => Date;
  /** Largest zip accepted by the import. */
  maxUploadBytes?: number;
};
type Params<T> = { params: Promise<T> };
const noStore = { "cache-control": "no-store" };
// SCORM 2004 suspend data is up to 64,000 characters; the whole CMI fits well under 512 KB.
const maxCommitBytes = 512_000;
export const defaultMaxUploadBytes = 200 * 1024 * 1024;

export function scormRoutes(deps: ScormRouteDeps) {
  const now = deps.now ?? (() => new Date());
  const maxUpload = deps.maxUploadBytes ?? defaultMaxUploadBytes;
  return {
    /**
     * The runtime's LMSCommit / Commit / Terminate. Success (`result: true`) is answered only
     * after the data is committed to the database; any failure is a non-2xx status, which the
     * player's runtime turns into "false" for the SCO.
     */
    commit: route("scorm.commit", async (request, _ctx, context: Params<{ moduleId: string }>) => {
      const user = await requireUser(deps.getUser, "learner");
      const { moduleId } = await context.params;
      // The player's last save, as the page unloads, is a beacon: text/plain (see readJson).
      const body = await readJson(request, maxCommitBytes, { allowTextPlain: true });
      const launchId = new URL(request.url).searchParams.get("launch");
      const result = await recordRuntimeCommit(await deps.getDb(), {
        learnerId: user.id,
        moduleId,
        launchId,
        body,
        now: now(),
      });
      return json(
        200,
        { result: true, errorCode: 0, stored: result.stored, attempt: result.attempt },
        noStore,
      );
    }),

    /**
     * A package file, for the holder of the launch ticket in its path (launch-ticket.ts): the
     * sandboxed page that asks for it sends no cookie. The holder's seat is checked again on
     * every file, so a cancelled enrolment or a withdrawn version stops it at once.
     */
    content: route(
      "scorm.content",
      async (
        _request,
        _ctx,
        context: Params<{ moduleId: string; version: string; ticket: string; path: string[] }>,
      ) => {
        const { moduleId, version, ticket, path } = await context.params;
        const at = now();
        const holder = readLaunchTicket({ ticket, moduleId, version: Number(version), now: at });
        if (!holder)
          throw new AppError("not_found", "Lien de contenu invalide ou expiré : rechargez le module.");
        return serveModuleFile(await deps.getDb(), {
          user: { id: holder.userId, roles: [holder.role] },
          store: deps.getStore(),
          moduleId,
          version,
          path,
          now: at,
          withBridge: true,
        });
      },
    ),

    /** IT withdraws a content version: `{ moduleId, version, reason }`. */
    withdraw: route("scorm.withdraw", async (request, ctx) => {
      const user = await requireUser(deps.getUser, "it_admin");
      const result = await withdrawContentVersion(await deps.getDb(), {
        actor: user,
        body: await readJson(request, 4_096),
        now: now(),
        requestId: ctx.requestId,
      });
      ctx.log.info(result, "content version withdrawn");
      return json(200, result, noStore);
    }),

    /**
     * IT uploads content: multipart form with `package` (a SCORM zip, or any document when
     * `kind=file`) and `moduleId` (new version), or `trainingId` + `title` + `durationMinutes` (new module).
     */
    import: route("scorm.import", async (request, ctx) => {
      const user = await requireUser(deps.getUser, "it_admin");
      // Multipart framing adds a few hundred bytes around the file itself.
      const form = await readForm(request, maxUpload + 64 * 1024).catch((error: unknown) => {
        throw isAppError(error) && error.code === "payload_too_large" ? tooLarge(maxUpload) : error;
      });
      const file = form.get("package");
      const isDocument = form.get("kind") === "file";
      if (!(file instanceof Blob) || file.size === 0) {
        throw new AppError("invalid_input", "Choisissez un fichier .zip.", {
          issues: [{ path: "package", message: "fichier requis" }],
        });
      }
      if (file.size > maxUpload) throw tooLarge(maxUpload);
      const field = (name: string) =>
        typeof form.get(name) === "string" ? String(form.get(name)) : undefined;
      const target = field("moduleId")
        ? { moduleId: field("moduleId") }
        : {
            trainingId: field("trainingId"),
            title: field("title"),
            durationMinutes: field("durationMinutes"),
          };
      if (isDocument) {
        const result = await importModuleFile(await deps.getDb(), {
          actor: user,
          store: deps.getStore(),
          target,
          fileName: file instanceof File ? file.name : "fichier",
          bytes: Buffer.from(await file.arrayBuffer()),
          now: now(),
          requestId: ctx.requestId,
        });
        return json(201, result, noStore);
      }
      const result = await importScormPackage(await deps.getDb(), {
        actor: user,
        store: deps.getStore(),
        target,
        zip: Buffer.from(await file.arrayBuffer()),
        now: now(),
        requestId: ctx.requestId,
      });
      ctx.log.info(
        { moduleId: result.moduleId, contentVersion: result.contentVersion },
        "SCORM package imported",
      );
      return json(201, result, noStore);
    }),
  };
}

const tooLarge = (max: number) =>
  new AppError("invalid_input", `Paquet trop volumineux (maximum ${formatBytes(max)}).`, {
    issues: [{ path: "package", message: "trop volumineux" }],
  });
