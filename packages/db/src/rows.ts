import { z } from "zod";

/**
 * Rows of raw SQL (`db.execute`) are read here and nowhere else: each row is parsed with a zod
 * schema, so a column renamed in a query or a type the driver returns differently fails loudly
 * at the query instead of as `undefined` three layers up (decision 023).
 *
 * node-postgres and PGlite do not return raw SQL alike: a timestamp can come back as a `Date` or
 * as text (always text inside `json_agg`), `json` as a value or as text, `count(*)` and `bigint`
 * as a string. The column schemas below absorb those differences, so a query states the type it
 * means and both engines give it.
 */

/** The rows of `db.execute`'s result: node-postgres and PGlite both return `{ rows }`, typed apart. */
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result)) return result;
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? rows : [];
}

/** Every row of `result`, each parsed with `schema`; a row that does not match is a bug (500). */
export function readRows<S extends z.ZodType>(result: unknown, schema: S): z.output<S>[] {
  const rows = rowsOf(result);
  const out: z.output<S>[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = parseRow(schema, rows[i], i);
  return out;
}

/** The first row of `result` parsed with `schema`, or `undefined` when there is none. */
export function readRow<S extends z.ZodType>(result: unknown, schema: S): z.output<S> | undefined {
  const rows = rowsOf(result);
  return rows.length === 0 ? undefined : parseRow(schema, rows[0], 0);
}

/** The first row of `result`, which the statement always returns (an aggregate, `returning`). */
export function readOnlyRow<S extends z.ZodType>(result: unknown, schema: S): z.output<S> {
  const row = readRow(result, schema);
  if (row === undefined) throw new Error("the statement returned no row");
  return row;
}

function parseRow<S extends z.ZodType>(schema: S, row: unknown, index: number): z.output<S> {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.map((i) => `${i.path.join(".") || "(row)"}: ${i.message}`).join("; ");
  throw new Error(`row ${index} does not match its schema: ${where}`);
}

// Coercion, not `union(...).transform(...)`: zod 4 runs a transform ~20× slower than a coercion
// inside an object (15 µs against 0.7 µs a row of two dates, bench/row-reader.ts), and the
// learner's home page reads some fifty timestamps. Both still refuse what is not a date or number.

/** A `timestamptz` or `date`: a `Date` on either engine, text included (json_agg, PGlite). */
export const timestamp = z.coerce.date<Date | string>();

/** A number the driver may give as text: `count(*)`, `bigint`, `numeric`, `sum(int)`. */
export const numeric = z.coerce.number<number | string | bigint>();

/** A `json`/`jsonb` column holding `schema`: PGlite gives some paths' json as text. */
export function json<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (typeof v === "string" ? JSON.parse(v) : v), schema);
}

/** A `json`/`jsonb` column read as it is stored (its own reader checks it later). */
export const jsonValue = json(z.unknown());

/** A uuid or other identifier column. */
export const id = z.string();
