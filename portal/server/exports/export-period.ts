import "server-only";
import type { Keyset } from "@tremplin/db/queries/exports";
import { AppError, zodIssues } from "@tremplin/domain/errors";
import { type Period, periodInstants, periodSchema } from "@tremplin/domain/reporting";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { keysetRows } from "./csv-stream";

/** The period of an export, from the query string's `from` and `to`; refused naming the field. */
export function parseExportPeriod(input: { from: unknown; to: unknown }): Period {
  const parsed = periodSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Période invalide.", { issues: zodIssues(parsed.error) });
  }
  return parsed.data;
}

type BatchQuery = { from: Date; to: Date; after: Keyset | undefined; limit: number };

/**
 * What every export starts with: IT only, the period checked (both refused at once, before
 * anything is streamed), then the period's rows read `limit` at a time as they are sent.
 */
export function periodRows<Row extends Keyset>(
  input: { actor: Actor; from: unknown; to: unknown },
  batch: (query: BatchQuery) => Promise<Row[]>,
  limit?: number,
): { period: Period; rows: AsyncGenerator<Row> } {
  assertItAdmin(input.actor);
  const period = parseExportPeriod(input);
  const range = periodInstants(period);
  return { period, rows: keysetRows((after, size) => batch({ ...range, after, limit: size }), limit) };
}
