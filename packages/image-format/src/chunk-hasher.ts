import { Worker } from "node:worker_threads";
import { finishHashWorker } from "./digest";

/**
 * Hashes chunks off the main thread: one worker names each chunk (its SHA-256), another hashes
 * the whole disk (chunks and holes arrive in disk order and tile it). The main thread is left
 * with reading and cutting. The two SHA-256 passes are the format's (a chunk's name, the
 * manifest's whole-disk hash): on one worker they were the slowest of the two threads; split,
 * the three loads share two cores about evenly (decision 032, after 024). The chunker cuts in
 * batches of shared memory (8 MiB + the largest chunk) that both workers read in place; a
 * batch is reused once both have answered.
 * (Transferring ArrayBuffers back and forth instead made V8 count 8 MiB of new external memory
 * per batch, and collect garbage for it: about a tenth of the main thread's time, measured.)
 */
const namerSource = `
const { parentPort } = require("node:worker_threads");
const { hash } = require("node:crypto");
parentPort.on("message", (m) => {
  const bytes = new Uint8Array(m.shared, 0, m.used);
  const digests = new Uint8Array(32 * m.lengths.length);
  for (let i = 0, at = 0; i < m.lengths.length; at += m.lengths[i], i++) {
    digests.set(hash("sha256", bytes.subarray(at, at + m.lengths[i]), "buffer"), 32 * i);
  }
  parentPort.postMessage(digests, [digests.buffer]);
});
`;

const wholeSource = `
const { parentPort } = require("node:worker_threads");
const whole = require("node:crypto").createHash("sha256");
const zeros = new Uint8Array(1 << 20);
parentPort.on("message", (m) => {
  if (m.kind === "chunks") {
    whole.update(new Uint8Array(m.shared, 0, m.used));
    parentPort.postMessage({ kind: "done" });
  } else if (m.kind === "zeros") {
    for (let left = m.length; left > 0; left -= zeros.length) whole.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
  } else parentPort.postMessage({ kind: "digest", hex: whole.digest("hex") });
});
`;

/** A hashed chunk; `data` is valid only while the `onChunks` call that received it runs. */
export type HashedChunk = { offset: number; data: Buffer; sha256: string };

type Sent = { offset: number; lengths: number[]; bytes: Buffer; used: number; answers: number };

export class ChunkHasher {
  private readonly namer = new Worker(namerSource, { eval: true });
  private readonly whole = new Worker(wholeSource, { eval: true });
  private readonly batchSize: number;
  /** Batches sent and not yet answered by both workers, oldest first. */
  private readonly sent: Sent[] = [];
  /** How many of `sent` (from the oldest) each worker has answered. */
  private named = 0;
  private hashed = 0;
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
      const onError = (error: Error) => this.fail(error, reject);
      this.namer.on("message", (digests: Uint8Array) => {
        try {
          this.deliver(this.sent[this.named++] as Sent, Buffer.from(digests.buffer));
        } catch (error) {
          onError(error as Error);
        }
      });
      this.whole.on("message", (m: { kind: "done" } | { kind: "digest"; hex: string }) => {
        if (m.kind === "digest") return resolve(m.hex);
        this.answered(this.sent[this.hashed++] as Sent);
      });
      this.namer.on("error", onError);
      this.whole.on("error", onError);
    });
    this.digest.catch(() => undefined);
  }

  /** A free batch to fill (waits while too many bytes wait for the workers). */
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
    const shared = batch.buffer;
    this.namer.postMessage({ shared, used, lengths: Uint32Array.from(lengths) });
    this.whole.postMessage({ kind: "chunks", shared, used });
    this.sent.push({ offset, lengths, bytes: batch, used, answers: 0 });
    this.pending += used;
  }

  /** A hole's zeros, for the whole-disk hash only (after the chunks before it). */
  addZeros(length: number): void {
    this.check();
    this.whole.postMessage({ kind: "zeros", length });
  }

  /** The whole-disk digest, once every chunk has gone through `onChunks`; the workers end. */
  async finish(): Promise<string> {
    while (this.sent.length > 0 && !this.failure) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    this.check();
    try {
      return await finishHashWorker(this.whole, this.digest);
    } finally {
      await this.namer.terminate();
    }
  }

  /** Stops the workers (the caller failed). */
  async abort(): Promise<void> {
    await Promise.all([this.namer.terminate(), this.whole.terminate()]);
  }

  private deliver(batch: Sent, digests: Buffer): void {
    const chunks: HashedChunk[] = [];
    let at = 0;
    for (const [i, length] of batch.lengths.entries()) {
      const sha256 = digests.toString("hex", 32 * i, 32 * i + 32);
      chunks.push({ offset: batch.offset + at, data: batch.bytes.subarray(at, at + length), sha256 });
      at += length;
    }
    this.onChunks(chunks);
    this.answered(batch);
  }

  /** One worker is done with `batch`; once both are, it is free again. */
  private answered(batch: Sent): void {
    if (++batch.answers < 2) return;
    while (this.sent[0]?.answers === 2) {
      const done = this.sent.shift() as Sent;
      this.named--;
      this.hashed--;
      this.pending -= done.used;
      this.spare.push(done.bytes);
    }
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
