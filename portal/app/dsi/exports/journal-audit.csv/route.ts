import { getTranslations } from "next-intl/server";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { csvDownload, periodOf } from "@/server/exports/download";
import { exportAuditLog } from "@/server/exports/export-audit-log";
import { route } from "@/server/http";

export const dynamic = "force-dynamic";

export const GET = route("export-audit-log", async (request) => {
  const actor = await requireUser(findCurrentUser, "it_admin");
  const t = await getTranslations("audit");
  // The audit page's words for each action (dots read as nesting by next-intl, hence the _).
  const actionLabel = (action: string) => {
    const key = `actions.${action.replace(/\./g, "_")}`;
    return t.has(key) ? t(key) : action;
  };
  return csvDownload(exportAuditLog(await getDb(), { actor, ...periodOf(request), actionLabel }));
});
