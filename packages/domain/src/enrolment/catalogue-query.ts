import { z } from "zod";
import type { IssueDetail } from "../errors";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "date au format AAAA-MM-JJ" })
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "date inexistante",
    },
  );
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** The catalogue's search form: every field optional; blank fields mean "any". */
export const catalogueQuerySchema = z
  .object({
    q: optional(z.string().trim().max(100, { message: "100 caractères au plus" })),
    domain: optional(z.string().trim().max(80, { message: "domaine inconnu" })),
    site: optional(z.uuid({ message: "site inconnu" })),
    from: optional(isoDate),
    to: optional(isoDate),
    modality: optional(z.enum(["onsite", "remote"], { message: "sur site ou à distance" })),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    path: ["to"],
    message: "la date de fin précède la date de début",
  });
export type CatalogueQuery = z.infer<typeof catalogueQuerySchema>;

/**
 * Parses the search form from URL parameters. A bad field is dropped from the search (the rest
 * still filters) and reported next to that field.
 */
export function parseCatalogueQuery(raw: Record<string, unknown>): {
  query: CatalogueQuery;
  issues: IssueDetail[];
} {
  const picked = Object.fromEntries(
    ["q", "domain", "site", "from", "to", "modality"].map((k) => [k, first(raw[k])]),
  );
  const result = catalogueQuerySchema.safeParse(picked);
  if (result.success) return { query: result.data, issues: [] };
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const bad = new Set(issues.map((i) => i.path));
  // A date range in the wrong order cannot filter: both ends are dropped.
  if (bad.has("to")) bad.add("from");
  const kept = Object.fromEntries(Object.entries(picked).filter(([k]) => !bad.has(k)));
  const retry = catalogueQuerySchema.safeParse(kept);
  return { query: retry.success ? retry.data : {}, issues };
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
