import "server-only";
import { z } from "zod";

/**
 * The planning's filters, from the page's query string (`site`, `salle`, `formateur`): a site by
 * its name (unique in the organisation), a room and a trainer by id. Anything unreadable is
 * dropped rather than refused: a stale bookmark shows the whole week.
 */
export const planningFiltersSchema = z.object({
  site: z.string().trim().min(1).max(200).optional().catch(undefined),
  salle: z.uuid().optional().catch(undefined),
  formateur: z.uuid().optional().catch(undefined),
});
export type PlanningFilters = z.infer<typeof planningFiltersSchema>;

export function parsePlanningFilters(search: Record<string, unknown>): PlanningFilters {
  const parsed = planningFiltersSchema.parse({
    site: typeof search.site === "string" ? search.site : undefined,
    salle: typeof search.salle === "string" ? search.salle : undefined,
    formateur: typeof search.formateur === "string" ? search.formateur : undefined,
  });
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as PlanningFilters;
}

/** The sessions the filters keep: all of them when none is set. */
export function filterSessions<
  S extends { siteName: string | null; roomId: string | null; trainerId: string | null },
>(sessions: S[], filters: PlanningFilters): S[] {
  return sessions.filter(
    (s) =>
      (!filters.site || s.siteName === filters.site) &&
      (!filters.salle || s.roomId === filters.salle) &&
      (!filters.formateur || s.trainerId === filters.formateur),
  );
}
