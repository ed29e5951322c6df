import "server-only";
import type { Db } from "@tremplin/db/client";
import { listCatalogue, listCatalogueChoices } from "@tremplin/db/queries/catalogue";
import { addDays, defaultTimeZone, zonedInstant } from "@tremplin/domain/calendar";
import { parseCatalogueQuery } from "@tremplin/domain/enrolment";

const zone = defaultTimeZone;

/** The catalogue page: filters parsed from the URL (bad ones reported, not applied), results, choices. */
export async function searchCatalogue(db: Db, input: { params: Record<string, unknown>; now: Date }) {
  const { query, issues } = parseCatalogueQuery(input.params);
  const [entries, choices] = await Promise.all([
    listCatalogue(db, {
      q: query.q,
      domain: query.domain,
      siteId: query.site,
      from: query.from ? zonedInstant(query.from, "00:00", zone) : undefined,
      to: query.to ? zonedInstant(addDays(query.to, 1), "00:00", zone) : undefined,
      modality: query.modality,
      now: input.now,
    }),
    listCatalogueChoices(db),
  ]);
  return { query, issues, entries, choices };
}
