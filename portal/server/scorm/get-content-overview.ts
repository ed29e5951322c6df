import "server-only";
import type { Db } from "@tremplin/db/client";
import { listContentVersions } from "@tremplin/db/queries/content-versions";
import { listContentOverview } from "@tremplin/db/queries/learning-content";
import { scormContentSchema } from "@tremplin/domain/progress";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";

/**
 * IT's content page: every training with its modules, for SCORM modules the package in place,
 * and for imported content its recorded versions (withdrawn ones with their reason).
 */
export async function getContentOverview(db: Db, input: { actor: Actor }) {
  assertItAdmin(input.actor);
  const [rows, versionRows] = await Promise.all([listContentOverview(db), listContentVersions(db)]);
  const versions = new Map<string, ContentModule["versions"]>();
  for (const { moduleId, ...v } of versionRows) {
    const list = versions.get(moduleId) ?? [];
    list.push(v);
    versions.set(moduleId, list);
  }
  const trainings = new Map<string, { id: string; code: string; title: string; modules: ContentModule[] }>();
  for (const r of rows) {
    const t = trainings.get(r.trainingId) ?? {
      id: r.trainingId,
      code: r.code,
      title: r.trainingTitle,
      modules: [],
    };
    trainings.set(r.trainingId, t);
    if (!r.moduleId) continue;
    const pkg = r.kind === "scorm" ? scormContentSchema.safeParse(r.content) : undefined;
    t.modules.push({
      id: r.moduleId,
      position: r.position!,
      title: r.title!,
      kind: r.kind!,
      contentVersion: r.contentVersion!,
      package: pkg?.success ? pkg.data : null,
      versions: versions.get(r.moduleId) ?? [],
    });
  }
  return [...trainings.values()];
}
type ContentModule = {
  id: string;
  position: number;
  title: string;
  kind: string;
  contentVersion: number;
  package: ReturnType<typeof scormContentSchema.parse> | null;
  versions: {
    version: number;
    importedAt: Date;
    withdrawnAt: Date | null;
    withdrawalReason: string | null;
  }[];
};
