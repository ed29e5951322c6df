import { createHash } from "node:crypto";
import { AppError } from "@tremplin/domain/errors";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "./client";
import { migrationSources } from "./migrations.generated";
import { readRows } from "./rows";

// Any constant works; it only has to be the same for every instance that migrates.
const MIGRATION_LOCK_ID = 74_201_101;

export type Migration = { tag: string; checksum: string; statements: string[] };

/** The migrations drizzle-kit generated, in order, split at its statement breakpoints. */
export function loadMigrations(sources = migrationSources): Migration[] {
  return sources.map(({ tag, sql: text }) => ({
    tag,
    checksum: createHash("sha256").update(text).digest("hex"),
    statements: text
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean),
  }));
}

/**
 * Applies every pending migration in one transaction, under an advisory lock so that several
 * portal instances starting together migrate once. A failure rolls everything back: the
 * database is left at the version it had. An applied migration whose file changed is refused.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<{ applied: string[] }> {
  const all = migrations ?? loadMigrations();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`);
    await tx.execute(sql`create table if not exists tremplin_migrations (
      tag text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const rows = readRows(
      await tx.execute(sql`select tag, checksum from tremplin_migrations`),
      z.object({ tag: z.string(), checksum: z.string() }),
    );
    const done = new Map(rows.map((r) => [r.tag, r.checksum]));
    const applied: string[] = [];
    for (const migration of all) {
      const checksum = done.get(migration.tag);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new AppError(
            "conflict",
            `La migration ${migration.tag} a été modifiée après son application.`,
          );
        }
        continue;
      }
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into tremplin_migrations (tag, checksum) values (${migration.tag}, ${migration.checksum})`,
      );
      applied.push(migration.tag);
    }
    return { applied };
  });
}

/**
 * The rows of `db.execute`, cast unchecked. Queries read theirs with `readRows` (`@tremplin/db/rows`),
 * which checks and normalises them; this stays for the benches, which read counts they just wrote.
 */
export function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
