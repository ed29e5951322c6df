import { type SQL, sql } from "drizzle-orm";

/**
 * The domain's `isModuleDone(status, isAssessedModule(module))`
 * (packages/domain/src/progress/completion.ts) as a SQL condition, for queries that decide
 * completion in the database (prerequisites met). A module is done when passed, or completed if
 * it is not assessed (not a quiz, no score reported). module-done.db.test.ts checks it agrees
 * with the domain on every status × kind × score on both engines: change both together.
 *
 * `status` may be null (no progress row): the condition is then false, as the domain's `undefined`.
 */
export function moduleDoneSql(columns: { status: SQL; kind: SQL; scoreRaw: SQL }): SQL {
  const isAssessed = sql`(${columns.kind} = 'quiz' or ${columns.scoreRaw} is not null)`;
  return sql`coalesce(${columns.status} = 'passed' or (${columns.status} = 'completed' and not ${isAssessed}), false)`;
}
