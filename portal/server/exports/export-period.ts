import "server-only";
import { AppError, zodIssues } from "@tremplin/domain/errors";
import { type Period, periodSchema } from "@tremplin/domain/reporting";

/** The period of an export, from the query string's `from` and `to`; refused naming the field. */
export function parseExportPeriod(input: { from: unknown; to: unknown }): Period {
  const parsed = periodSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Période invalide.", { issues: zodIssues(parsed.error) });
  }
  return parsed.data;
}
