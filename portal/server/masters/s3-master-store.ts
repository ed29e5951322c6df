import "server-only";
import { AppError } from "@tremplin/domain/errors";
import { segmentSchema, sha256HexSchema } from "@tremplin/image-format/master-info";
import type { MasterStore, StoredChunk } from "@tremplin/image-format/master-store";
import type { SignedManifest } from "@tremplin/image-format/sign";
import { checkChunk } from "@tremplin/image-format/store";
import { AwsClient } from "aws4fetch";
import { XMLParser } from "fast-xml-parser";
import { z } from "zod";

export type S3Settings = {
  /** Path-style bucket URL: `https://s3.example.fr/tremplin-masters` (any S3-compatible service). */
  bucketUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
};

/** Past this many hashes, one listing of the bucket's chunks costs fewer requests than a HEAD each. */
const listAbove = 2000;
const headsInFlight = 16;
const requestTimeoutMs = 60_000;

const listedSchema = z.object({ Key: z.coerce.string(), Size: z.coerce.number().int().min(0) });
const listSchema = z.object({
  ListBucketResult: z.object({
    Contents: z.union([z.array(listedSchema), listedSchema]).optional(),
    IsTruncated: z.coerce.string().optional(),
    NextContinuationToken: z.coerce.string().optional(),
  }),
});

/**
 * The masters store in an S3-compatible bucket: the same keys as the plain folder
 * (`chunks/<2 hex>/<sha256>.zst`, `masters/<name>/<version>.json`), so a bucket and a folder can
 * be copied into each other with any S3 tool. Requests are signed with SigV4 (aws4fetch), which
 * AWS, MinIO, Garage, Ceph and the like all accept; they are retried by aws4fetch on 5xx and 429.
 */
export class S3MasterStore implements MasterStore {
  private readonly client: AwsClient;
  private readonly base: string;
  private readonly xml = new XMLParser({ parseTagValue: false });

  constructor(private readonly settings: S3Settings) {
    this.client = new AwsClient({ ...settings, service: "s3", retries: 3 });
    this.base = settings.bucketUrl.replace(/\/+$/, "");
  }

  async findCompressedChunk(sha256: string): Promise<Buffer | undefined> {
    const response = await this.send("GET", chunkKey(sha256), { absentOk: true });
    return response ? Buffer.from(await response.arrayBuffer()) : undefined;
  }

  async readChunk(sha256: string, maxLength: number): Promise<Buffer> {
    const compressed = await this.findCompressedChunk(sha256);
    if (!compressed) throw new AppError("not_found", `Bloc absent du dépôt S3 : ${sha256}`);
    return checkChunk(sha256, compressed, maxLength);
  }

  async missingChunks(hashes: readonly string[]): Promise<string[]> {
    if (hashes.length > listAbove) {
      const present = new Set((await this.listStoredChunks()).map((c) => c.sha256));
      return hashes.filter((sha256) => !present.has(sha256));
    }
    const isMissing = new Array<boolean>(hashes.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < hashes.length; i = next++) {
        isMissing[i] = !(await this.send("HEAD", chunkKey(hashes[i] as string), { absentOk: true }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(headsInFlight, hashes.length) }, worker));
    return hashes.filter((_, i) => isMissing[i]);
  }

  async writeChunk(sha256: string, compressed: Uint8Array): Promise<boolean> {
    const key = chunkKey(sha256);
    if (await this.send("HEAD", key, { absentOk: true })) return false;
    await this.send("PUT", key, { body: compressed, type: "application/zstd" });
    return true;
  }

  async hasManifest(name: string, version: string): Promise<boolean> {
    return (await this.send("HEAD", manifestKey(name, version), { absentOk: true })) !== undefined;
  }

  async readManifestEnvelope(name: string, version: string): Promise<unknown> {
    const response = await this.send("GET", manifestKey(name, version), { absentOk: true });
    if (!response)
      throw new AppError("not_found", `Aucun manifeste pour ${name} ${version} dans le dépôt S3`);
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new AppError("invalid_input", `Manifeste illisible (JSON) : ${name} ${version}`, {
        cause: error,
      });
    }
  }

  async writeManifest(envelope: SignedManifest): Promise<void> {
    const key = manifestKey(envelope.signed.name, envelope.signed.version);
    await this.send("PUT", key, { body: `${JSON.stringify(envelope)}\n`, type: "application/json" });
  }

  async listVersions(): Promise<{ name: string; version: string }[]> {
    const found: { name: string; version: string }[] = [];
    for (const { key } of await this.listKeys("masters/")) {
      const match = /^masters\/([^/]+)\/([^/]+)\.json$/.exec(key);
      if (match) found.push({ name: match[1] as string, version: match[2] as string });
    }
    return found.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  }

  async listStoredChunks(): Promise<StoredChunk[]> {
    const found: StoredChunk[] = [];
    for (const { key, size } of await this.listKeys("chunks/")) {
      const match = /^chunks\/[0-9a-f]{2}\/([0-9a-f]{64})\.zst$/.exec(key);
      if (match) found.push({ sha256: match[1] as string, size });
    }
    return found;
  }

  async removeChunk(sha256: string): Promise<void> {
    await this.send("DELETE", chunkKey(sha256), { absentOk: true });
  }

  async removeManifest(name: string, version: string): Promise<void> {
    await this.send("DELETE", manifestKey(name, version), { absentOk: true });
  }

  /** Every key under `prefix` with its size, through ListObjectsV2's pages (1,000 keys each). */
  private async listKeys(prefix: string): Promise<{ key: string; size: number }[]> {
    const keys: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ "list-type": "2", prefix });
      if (token) query.set("continuation-token", token);
      const response = (await this.send("GET", `?${query}`)) as Response;
      const parsed = listSchema.safeParse(this.xml.parse(await response.text()));
      if (!parsed.success) throw this.failure("GET", prefix, "réponse de liste illisible");
      const { Contents, IsTruncated, NextContinuationToken } = parsed.data.ListBucketResult;
      for (const item of [Contents ?? []].flat()) keys.push({ key: item.Key, size: item.Size });
      token = IsTruncated === "true" ? NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** One signed request; a 404 is `undefined` when `absentOk`, any other failure an `unavailable` error. */
  private async send(
    method: "GET" | "HEAD" | "PUT" | "DELETE",
    key: string,
    options: { absentOk?: boolean; body?: Uint8Array | string; type?: string } = {},
  ): Promise<Response | undefined> {
    const url = key.startsWith("?") ? `${this.base}${key}` : `${this.base}/${key}`;
    let response: Response;
    try {
      response = await this.client.fetch(url, {
        method,
        ...(options.body === undefined ? {} : { body: bodyOf(options.body) }),
        headers: options.type ? { "content-type": options.type } : {},
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new AppError(
        "unavailable",
        `Stockage S3 injoignable (${this.base}) : ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if (response.status === 404 && options.absentOk) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      const code = /<Code>([^<]*)<\/Code>/.exec(await response.text())?.[1];
      throw this.failure(method, key, `HTTP ${response.status}${code ? ` ${code}` : ""}`);
    }
    return response;
  }

  private failure(method: string, key: string, what: string): AppError {
    return new AppError(
      "unavailable",
      `Stockage S3 ${this.settings.bucketUrl} : ${method} ${key} a échoué (${what}).`,
    );
  }
}

const chunkKey = (sha256: string) => {
  sha256HexSchema.parse(sha256);
  return `chunks/${sha256.slice(0, 2)}/${sha256}.zst`;
};
const manifestKey = (name: string, version: string) =>
  `masters/${encodeURIComponent(segmentSchema.parse(name))}/${encodeURIComponent(segmentSchema.parse(version))}.json`;
// fetch's types take bytes backed by an ArrayBuffer only (not a SharedArrayBuffer).
const bodyOf = (body: Uint8Array | string) => (typeof body === "string" ? body : new Uint8Array(body));
