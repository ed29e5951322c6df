import {
  masterApiPaths,
  type NeededMaster,
  type SitePlanResponse,
  sitePlanResponseSchema,
} from "@tremplin/domain/device";
import { AppError } from "@tremplin/domain/errors";
import { loadManifest } from "@tremplin/image-format/index-parts";
import { distinctChunks } from "@tremplin/image-format/manifest";
import { type TrustedKeys, verifySignedManifest } from "@tremplin/image-format/sign";
import { checkChunk } from "@tremplin/image-format/store";
import type { Logger } from "pino";
import { httpGetBytes } from "../masters/http-get";
import type { RelayChunks } from "./relay-chunks";

export type PrefetchReport = {
  versions: { name: string; version: string; chunks: number; fetchedChunks: number; fetchedBytes: number }[];
  /** Why it stopped before the end (window closed, upstream down), or undefined when complete. */
  stoppedBecause?: string;
};

/**
 * Brings into the relay's store every chunk of the versions the site needs, soonest first,
 * while `isOpen()` says the night window allows it. Each version's manifest is verified
 * (refused loudly when no trusted key signed it) before any of its chunks is fetched.
 */
export async function prefetchPlan(options: {
  chunks: RelayChunks;
  needed: readonly NeededMaster[];
  trusted: TrustedKeys;
  isOpen: () => string | undefined;
  log: Logger;
  parallel?: number;
}): Promise<PrefetchReport> {
  const report: PrefetchReport = { versions: [] };
  const ordered = [...options.needed].sort((a, b) => a.neededBy.localeCompare(b.neededBy));
  for (const need of ordered) {
    const closed = options.isOpen();
    if (closed) return { ...report, stoppedBecause: closed };
    const envelope = await options.chunks.manifest(need.name, need.version);
    const header = verifySignedManifest(envelope, options.trusted);
    const manifest = await loadManifest(header, async ([sha256, length]) =>
      checkChunk(sha256, await options.chunks.chunk(sha256), length),
    );
    const line = { name: need.name, version: need.version, chunks: 0, fetchedChunks: 0, fetchedBytes: 0 };
    report.versions.push(line);
    const missing: string[] = [];
    for (const sha256 of distinctChunks(manifest).keys()) {
      line.chunks += 1;
      if (!(await options.chunks.store.hasChunk(sha256))) missing.push(sha256);
    }
    const stopped = await fetchAll(missing, options, line);
    options.log.info(line, "version prefetched");
    if (stopped) return { ...report, stoppedBecause: stopped };
  }
  return report;
}

async function fetchAll(
  missing: string[],
  options: { chunks: RelayChunks; isOpen: () => string | undefined; parallel?: number },
  line: PrefetchReport["versions"][number],
): Promise<string | undefined> {
  let next = 0;
  let stopped: string | undefined;
  const worker = async () => {
    while (!stopped && next < missing.length) {
      stopped = options.isOpen();
      if (stopped) return;
      const bytes = await options.chunks.chunk(missing[next++] as string);
      line.fetchedChunks += 1;
      line.fetchedBytes += bytes.length;
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 4 }, worker));
  return stopped;
}

/** The site's plan from the portal: versions its rooms need within `days`. */
export async function fetchSitePlan(options: {
  baseUrl: string;
  token: string;
  days: number;
  timeoutMs: number;
}): Promise<SitePlanResponse> {
  const url = new URL(`${masterApiPaths.sitePlan}?days=${options.days}`, options.baseUrl);
  const response = await httpGetBytes(url, {
    headers: { authorization: `Bearer ${options.token}` },
    timeoutMs: options.timeoutMs,
    maxBytes: 1024 * 1024,
  });
  if (response.status !== 200) {
    throw new AppError(
      response.status === 401 ? "unauthenticated" : "unavailable",
      `Plan du site : ${url.origin} répond ${response.status} ${response.body.toString("utf8").slice(0, 200)}`,
    );
  }
  const parsed = sitePlanResponseSchema.safeParse(JSON.parse(response.body.toString("utf8")));
  if (!parsed.success)
    throw new AppError("unavailable", `Plan du site illisible : ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
