import { masterApiPaths } from "@tremplin/domain/device";
import { AppError } from "@tremplin/domain/errors";
import type { ChunkStore } from "@tremplin/image-format/store";
import {
  batchUploadAnswerSchema,
  chunkBatchPath,
  type UploadAnswer,
  uploadAnswerSchema,
} from "@tremplin/image-format/upload-api";

export type UploadOptions = {
  store: ChunkStore;
  name: string;
  version: string;
  /** The portal's base URL, e.g. https://portail.region.fr */
  portalUrl: string;
  /** TREMPLIN_PUBLISH_TOKEN of that portal. */
  token: string;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
};

export type UploadReport = { sentChunks: number; sentBytes: number; rounds: number };

/** Batches in flight: enough to hide a WAN's round trip, few enough for a portal's disk. */
const inFlight = 4;
const timeoutMs = 120_000;

/**
 * Uploads a version that `store` holds to a portal (upload-api.ts): the signed manifest is PUT,
 * the portal names the chunks it lacks, they are POSTed from the store in batches, and again until the portal
 * answers `published`. Interrupted, it resumes where it stopped when run again: the portal only
 * ever asks for what it does not have.
 */
export async function uploadVersion(options: UploadOptions): Promise<UploadReport> {
  const { store } = options;
  const envelope = await store.readManifestEnvelope(options.name, options.version);
  const report: UploadReport = { sentChunks: 0, sentBytes: 0, rounds: 0 };
  let previous: string | undefined;
  for (;;) {
    report.rounds += 1;
    const answer = await putManifest(options, envelope);
    if (answer.state === "published") return report;
    // The portal asking twice for the same first chunk means it did not keep what it was sent.
    if (answer.missing[0] === previous) {
      throw new AppError("unavailable", `Le portail redemande le bloc ${previous} après l'avoir reçu.`);
    }
    previous = answer.missing[0];
    await sendChunks(options, answer, report);
  }
}

/** A batch of chunks per request (upload-api.ts): up to 8 MiB or 512 chunks, one larger chunk alone. */
const batchBytes = 8 * 1024 * 1024;
const batchChunks = 512;

type Sized = { sha256: string; size: number };

function inBatches(chunks: Sized[]): Sized[][] {
  const batches: Sized[][] = [];
  let batch: Sized[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    if (batch.length > 0 && (bytes + chunk.size > batchBytes || batch.length >= batchChunks)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(chunk);
    bytes += chunk.size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

async function sendChunks(
  options: UploadOptions,
  answer: Extract<UploadAnswer, { state: "incomplete" }>,
  report: UploadReport,
): Promise<void> {
  const batches = inBatches(
    answer.missing.map((sha256) => {
      const size = options.store.chunkSize(sha256);
      if (size === undefined) {
        throw new AppError("not_found", `Le dépôt local ${options.store.root} n'a pas le bloc ${sha256}.`);
      }
      return { sha256, size };
    }),
  );
  const answerBytes = batches.flat().reduce((sum, c) => sum + c.size, 0);
  // Beyond this answer's chunks, the rest is estimated at their average size.
  const estimate = (answer.missingTotal - answer.missing.length) * (answerBytes / answer.missing.length);
  const total = report.sentBytes + answerBytes + estimate;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < batches.length; i = next++) {
      const batch = batches[i] as Sized[];
      const form = new FormData();
      for (const { sha256 } of batch) {
        const bytes = await options.store.findCompressedChunk(sha256);
        if (!bytes) throw new AppError("not_found", `Bloc disparu du dépôt local : ${sha256}`);
        form.append(sha256, new Blob([new Uint8Array(bytes)]), sha256);
      }
      const response = await request(options, "POST", chunkBatchPath, form);
      batchUploadAnswerSchema.parse(await response.json());
      report.sentChunks += batch.length;
      report.sentBytes += batch.reduce((sum, c) => sum + c.size, 0);
      options.onProgress?.(report.sentBytes, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, batches.length) }, worker));
}

async function putManifest(options: UploadOptions, envelope: unknown): Promise<UploadAnswer> {
  const path = masterApiPaths.manifest(options.name, options.version);
  const response = await request(options, "PUT", path, JSON.stringify(envelope), "application/json");
  const parsed = uploadAnswerSchema.safeParse(await response.json());
  if (!parsed.success) throw new AppError("unavailable", `Réponse inattendue du portail à ${path}.`);
  return parsed.data;
}

async function request(
  options: UploadOptions,
  method: "PUT" | "POST",
  path: string,
  body: FormData | string,
  type?: string,
): Promise<Response> {
  const url = new URL(path, options.portalUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      body,
      // A FormData body sets its own multipart type, with its boundary.
      headers: { authorization: `Bearer ${options.token}`, ...(type ? { "content-type": type } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new AppError(
      "unavailable",
      `Portail injoignable (${url.origin}) : ${(error as Error).message}. Relancez la même commande : rien de ce qui est arrivé ne sera renvoyé.`,
      { cause: error },
    );
  }
  if (response.ok) return response;
  const text = await response.text();
  let message = text.slice(0, 300);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // Not the portal's JSON error (a proxy's page): its first line says enough.
  }
  const code =
    response.status === 401
      ? "unauthenticated"
      : response.status === 403
        ? "forbidden"
        : response.status === 409
          ? "conflict"
          : response.status < 500
            ? "invalid_input"
            : "unavailable";
  const retry =
    code === "unavailable" ? " Relancez la même commande : l'envoi reprendra où il s'est arrêté." : "";
  throw new AppError(
    code,
    `Le portail refuse ${method} ${path} (HTTP ${response.status}) : ${message}.${retry}`,
  );
}
