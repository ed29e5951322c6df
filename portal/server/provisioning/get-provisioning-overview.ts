import "server-only";
import type { Db } from "@tremplin/db/client";
import { lastRunBySession, listRuns, listSessionsToProvision } from "@tremplin/db/queries/provisioning";
import type { Directory } from "@tremplin/directory/client";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { type DirectoryStatus, directoryStatus } from "./directory-status";
import { type StoredRunReport, storedRunReportSchema } from "./stored-report";
import { sessionLabel } from "./trainee-selection";

/** How far ahead the page offers sessions to provision one by one. */
const pickerDays = 60;

export type ProvisioningOverview = Awaited<ReturnType<typeof getProvisioningOverview>>;

/** What the IT page shows: whether AD can be written, the sessions to come, the latest runs. */
export async function getProvisioningOverview(
  db: Db,
  input: { actor: Actor; directory: Directory | undefined; now: Date },
) {
  assertItAdmin(input.actor);
  const status: DirectoryStatus = directoryStatus(input.directory);
  const sessions = await listSessionsToProvision(db, {
    now: input.now,
    startsBefore: new Date(input.now.getTime() + pickerDays * 86_400_000),
  });
  const [lastRuns, runs] = await Promise.all([
    lastRunBySession(
      db,
      sessions.map((s) => s.id),
    ),
    listRuns(db, 20),
  ]);
  return {
    status,
    sessions: sessions.map((s) => ({
      id: s.id,
      label: sessionLabel(s),
      startsAt: s.startsAt,
      enrolled: s.enrolled,
      isRunning: s.startsAt <= input.now,
      lastRun: lastRuns.get(s.id) ?? null,
    })),
    runs: runs.map((r) => {
      const parsed = storedRunReportSchema.safeParse(r.report);
      const report: StoredRunReport | null = parsed.success ? parsed.data : null;
      return { ...r, report };
    }),
  };
}
