import "server-only";
import { requirePageUser } from "@/server/auth/guards";
import { pagePeriod } from "./page-period";

export async function loadExportsPage(search: { from?: unknown; to?: unknown }) {
  await requirePageUser("/dsi/exports", "it_admin");
  return pagePeriod(search);
}
