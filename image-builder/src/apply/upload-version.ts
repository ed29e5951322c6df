import { masterApiPaths } from "@tremplin/domain/device";
import { AppError } from "@tremplin/domain/errors";
import type { ChunkStore } from "@tremplin/image-format/store";
import { type UploadAnswer, uploadAnswerSchema } from "@tremplin/image-format/upload-api";

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

/** Chunk uploads in flight: enough to hide a WAN's round trip, few enough for a portal's disk. */
const inFlight = 4;
const timeoutMs = 120_000;

/**
 * Uploads a version that `store` holds to a portal (upload-api.ts): the signed manifest is PUT,
 * the portal names the chunks it lacks, each is PUT from the store, and again until the portal
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

async function sendChunks(
  options: UploadOptions,
  answer: Extract<UploadAnswer, { state: "incomplete" }>,
  report: UploadReport,
): Promise<void> {
  const sizes = answer.missing.map((sha256) => {
    const size = options.store.chunkSize(sha256);
    if (size === undefined) {
      throw new AppError("not_found", `Le dépôt local ${options.store.root} n'a pas le bloc ${sha256}.`);
    }
    return size;
  });
  const batchBytes = sizes.reduce((a, b) => a + b, 0);
  // Beyond this answer's batch, the rest is estimated at the batch's average size.
  const estimate = (answer.missingTotal - answer.missing.length) * (batchBytes / answer.missing.length);
  const total = report.sentBytes + batchBytes + estimate;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < answer.missing.length; i = next++) {
      const sha256 = answer.missing[i] as string;
      const bytes = await options.store.findCompressedChunk(sha256);
      if (!bytes) throw new AppError("not_found", `Bloc disparu du dépôt local : ${sha256}`);
      await request(options, "PUT", masterApiPaths.chunk(sha256), bytes, "application/zstd");
      report.sentChunks += 1;
      report.sentBytes += bytes.length;
      options.onProgress?.(report.sentBytes, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, answer.missing.length) }, worker));
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
  method: "PUT",
  path: string,
  body: Uint8Array | string,
  type: string,
): Promise<Response> {
  const url = new URL(path, options.portalUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      body,
      headers: { authorization: `Bearer ${options.token}`, "content-type": type },
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
  throw new AppError(code, `Le portail refuse ${method} ${path} (HTTP ${response.status}) : ${message}`);
}
