import { Worker } from "node:worker_threads";
import { finishHashWorker } from "./digest";

/**
 * Hashes chunks on a worker thread: each chunk's SHA-256 and, in the same pass, the SHA-256 of
 * the whole disk (chunks and holes arrive in disk order and tile it). The main thread is left
 * with reading and cutting — on two cores, the cutter on one and both hashes on the other
 * balance about evenly (decision 024). The chunker cuts in batches of shared memory (8 MiB +
 * the largest chunk): the worker hashes each chunk in place, then feeds it, still in cache, to
 * the whole-disk hash, and answers with the digests; the batch is reused.
 * (Transferring ArrayBuffers back and forth instead made V8 count 8 MiB of new external memory
 * per batch, and collect garbage for it: about a tenth of the main thread's time, measured.)
 */
const workerSource = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const whole = createHash("sha256");
const zeros = new Uint8Array(1 << 20);
parentPort.on("message", (m) => {
  if (m.kind === "chunks") {
    const bytes = new Uint8Array(m.shared, 0, m.used);
    const digests = new Uint8Array(32 * m.lengths.length);
    for (let i = 0, at = 0; i < m.lengths.length; at += m.lengths[i], i++) {
      const chunk = bytes.subarray(at, at + m.lengths[i]);
      digests.set(createHash("sha256").update(chunk).digest(), 32 * i);
      whole.update(chunk);
    }
    parentPort.postMessage({ kind: "chunks", digests }, [digests.buffer]);
  } else if (m.kind === "zeros") {
    for (let left = m.length; left > 0; left -= zeros.length) whole.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
  } else parentPort.postMessage({ kind: "digest", hex: whole.digest("hex") });
});
`;

/** A hashed chunk; `data` is valid only while the `onChunks` call that received it runs. */
export type HashedChunk = { offset: number; data: Buffer; sha256: string };

type Sent = { offset: number; lengths: number[]; bytes: Buffer };
type Reply = { kind: "chunks"; digests: Uint8Array } | { kind: "digest"; hex: string };

export class ChunkHasher {
  private readonly worker = new Worker(workerSource, { eval: true });
  private readonly batchSize: number;
  private readonly sent: Sent[] = [];
  private readonly spare: Buffer[] = [];
  private pending = 0;
  private waiters: (() => void)[] = [];
  private readonly digest: Promise<string>;
  private failure: Error | undefined;

  /**
   * `onChunks` receives the chunks in the order they were sent, synchronously from the
   * worker's reply: it uses their bytes before returning (or copies them).
   */
  constructor(
    private readonly onChunks: (chunks: HashedChunk[]) => void,
    /** Batches hold an 8 MiB read block plus this (the chunker's look-ahead). */
    maxChunkSize: number,
    private readonly maxPendingBytes = 64 << 20,
  ) {
    this.batchSize = (8 << 20) + maxChunkSize;
    this.digest = new Promise((resolve, reject) => {
      this.worker.on("message", (m: Reply) => {
        if (m.kind === "digest") return resolve(m.hex);
        try {
          this.deliver(Buffer.from(m.digests.buffer));
        } catch (error) {
          this.fail(error as Error, reject);
        }
      });
      this.worker.on("error", (error: Error) => this.fail(error, reject));
    });
    this.digest.catch(() => undefined);
  }

  /** A free batch to fill (waits while too many bytes wait for the worker). */
  async take(): Promise<Buffer> {
    while (this.pending > this.maxPendingBytes && !this.failure) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    this.check();
    return this.spare.pop() ?? Buffer.from(new SharedArrayBuffer(this.batchSize));
  }

  /** Hashes the chunks laid back to back at the start of `batch` (one from `take`). */
  send(batch: Buffer, offset: number, lengths: number[]): void {
    this.check();
    const used = lengths.reduce((sum, n) => sum + n, 0);
    this.worker.postMessage({
      kind: "chunks",
      shared: batch.buffer,
      used,
      lengths: Uint32Array.from(lengths),
    });
    this.sent.push({ offset, lengths, bytes: batch });
    this.pending += used;
  }

  /** A hole's zeros, for the whole-disk hash only (after the chunks before it). */
  addZeros(length: number): void {
    this.check();
    this.worker.postMessage({ kind: "zeros", length });
  }

  /** The whole-disk digest, once every chunk has gone through `onChunks`; the worker ends. */
  async finish(): Promise<string> {
    this.check();
    return finishHashWorker(this.worker, this.digest);
  }

  /** Stops the worker (the caller failed). */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }

  private deliver(digests: Buffer): void {
    const { offset, lengths, bytes } = this.sent.shift() as Sent;
    const chunks: HashedChunk[] = [];
    let at = 0;
    for (const [i, length] of lengths.entries()) {
      const sha256 = digests.toString("hex", 32 * i, 32 * i + 32);
      chunks.push({ offset: offset + at, data: bytes.subarray(at, at + length), sha256 });
      at += length;
    }
    this.pending -= at;
    this.onChunks(chunks);
    this.spare.push(bytes);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private fail(error: Error, reject: (error: Error) => void): void {
    this.failure ??= error;
    reject(error);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
