import "server-only";
import { listAuditFacets } from "@tremplin/db/queries/audit";
import { isAppError } from "@tremplin/domain/errors";
import { requirePageUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { searchAudit } from "./search-audit-log";

/** The audit page: results, or the filters' errors to show next to each field. */
export async function loadAuditPage(query: Record<string, string | string[] | undefined>) {
  const actor = await requirePageUser("/dsi/audit", "it_admin", "auditor");
  const flat = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const db = await getDb();
  try {
    return { ok: true as const, ...(await searchAudit(db, { actor, query: flat })), raw: flat };
  } catch (error) {
    if (!isAppError(error) || error.code !== "invalid_input") throw error;
    const fieldErrors = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
    return {
      ok: false as const,
      fieldErrors,
      raw: flat,
      message: error.message,
      facets: await listAuditFacets(db),
    };
  }
}
