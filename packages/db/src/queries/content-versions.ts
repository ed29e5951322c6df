import { and, desc, eq, isNull, max } from "drizzle-orm";
import type { Db } from "../client";
import { moduleContentVersions } from "../schema/index";

/** Records a newly imported version, in the transaction that makes it the module's content. */
export async function recordContentVersion(
  tx: Db,
  input: { moduleId: string; version: number; content: unknown; at: Date },
): Promise<void> {
  await tx.insert(moduleContentVersions).values({
    moduleId: input.moduleId,
    version: input.version,
    content: input.content,
    importedAt: input.at,
  });
}

/** The highest version ever recorded for the module, withdrawn or not. */
export async function findLastRecordedVersion(tx: Db, moduleId: string): Promise<number | undefined> {
  const [row] = await tx
    .select({ version: max(moduleContentVersions.version) })
    .from(moduleContentVersions)
    .where(eq(moduleContentVersions.moduleId, moduleId));
  return row?.version ?? undefined;
}

/** One version of a module's content, with its withdrawal if any. */
export async function findContentVersion(db: Db, input: { moduleId: string; version: number }) {
  const [row] = await db
    .select()
    .from(moduleContentVersions)
    .where(
      and(
        eq(moduleContentVersions.moduleId, input.moduleId),
        eq(moduleContentVersions.version, input.version),
      ),
    );
  return row;
}

/** Marks a version withdrawn; false when it was not there or already withdrawn. */
export async function markVersionWithdrawn(
  tx: Db,
  input: { moduleId: string; version: number; at: Date; by: string; reason: string },
): Promise<boolean> {
  const rows = await tx
    .update(moduleContentVersions)
    .set({ withdrawnAt: input.at, withdrawnBy: input.by, withdrawalReason: input.reason })
    .where(
      and(
        eq(moduleContentVersions.moduleId, input.moduleId),
        eq(moduleContentVersions.version, input.version),
        isNull(moduleContentVersions.withdrawnAt),
      ),
    )
    .returning({ version: moduleContentVersions.version });
  return rows.length === 1;
}

/** The module's latest version still in force, to fall back to after a withdrawal. */
export async function findLatestVersionInForce(tx: Db, moduleId: string) {
  const [row] = await tx
    .select({ version: moduleContentVersions.version, content: moduleContentVersions.content })
    .from(moduleContentVersions)
    .where(and(eq(moduleContentVersions.moduleId, moduleId), isNull(moduleContentVersions.withdrawnAt)))
    .orderBy(desc(moduleContentVersions.version))
    .limit(1);
  return row;
}

/** Every recorded version, newest first per module, for IT's content page. */
export async function listContentVersions(db: Db) {
  return db
    .select({
      moduleId: moduleContentVersions.moduleId,
      version: moduleContentVersions.version,
      importedAt: moduleContentVersions.importedAt,
      withdrawnAt: moduleContentVersions.withdrawnAt,
      withdrawalReason: moduleContentVersions.withdrawalReason,
    })
    .from(moduleContentVersions)
    .orderBy(moduleContentVersions.moduleId, desc(moduleContentVersions.version));
}
