import { createHash } from "node:crypto";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./client";

const dialect = new PgDialect();

/**
 * Runs a statement as a prepared statement that PostgreSQL parses and plans once per connection
 * instead of on every call. For the hottest statements only: planning the self-enrolment read
 * (four joins) took longer than running it. The name is a hash of the text, so two texts never
 * share a name and only the parameters vary under one. PGlite runs it as an ordinary query.
 */
export function executePrepared(db: Db, query: SQL): Promise<unknown> {
  const built = dialect.sqlToQuery(query);
  const name = `t${createHash("sha1").update(built.sql).digest("base64url").slice(0, 20)}`;
  return db._.session.prepareQuery(built, undefined, name, false).execute();
}
