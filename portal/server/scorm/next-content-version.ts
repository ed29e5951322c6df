import "server-only";
import type { Db } from "@tremplin/db/client";
import { findLastRecordedVersion } from "@tremplin/db/queries/content-versions";
import { pendingScormSchema } from "@tremplin/domain/progress";

/**
 * The version number a new import of a locked module gets. Never one already used: after a
 * withdrawal the module serves an older version (or none), but the withdrawn version's number
 * and folder stay taken, so that a learner's stale link can never reach different content.
 * A SCORM module created empty keeps its first number for its first package.
 */
export async function nextContentVersion(
  tx: Db,
  current: { id: string; content: unknown; contentVersion: number } | undefined,
): Promise<number> {
  if (!current) return 1;
  const last = await findLastRecordedVersion(tx, current.id);
  if (last === undefined && pendingScormSchema.safeParse(current.content).success)
    return current.contentVersion;
  return Math.max(last ?? 0, current.contentVersion) + 1;
}
