import { Worker } from "node:worker_threads";
import { finishHashWorker } from "./digest";
import { giveBlock, takeBlock } from "./shared-blocks";

/**
 * The SHA-256 of a whole virtual disk, computed on a worker thread while the caller chunks and
 * hashes chunks on its own: on two cores this nearly halves the time of a publish or an
 * assembly. Bytes are copied to the worker in order (postMessage keeps order); zeros of holes
 * are hashed there without being sent. At most `maxPendingBytes` wait in the worker's queue, so
 * a slow worker slows the reader instead of filling memory.
 */
const workerSource = `
const { parentPort } = require("node:worker_threads");
const hash = require("node:crypto").createHash("sha256");
const zeros = new Uint8Array(1 << 20);
parentPort.on("message", (m) => {
  if (m.kind === "bytes") {
    hash.update(new Uint8Array(m.shared, m.offset, m.length));
    parentPort.postMessage({ kind: "ack", length: m.length });
  } else if (m.kind === "zeros") {
    for (let left = m.length; left > 0; left -= zeros.length) hash.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
    parentPort.postMessage({ kind: "ack", length: m.length });
  } else parentPort.postMessage({ kind: "digest", hex: hash.digest("hex") });
});
`;

export class DiskHasher {
  private readonly worker = new Worker(workerSource, { eval: true });
  private pending = 0;
  private waiters: (() => void)[] = [];
  private digest: Promise<string>;
  private failure: Error | undefined;
  private staging: Buffer = takeBlock();
  private staged = 0;
  /** Bytes of `staging` already sent (a flush before a shared run or zeros sends what is staged
   * so far, and filling goes on after it: the block changes hands only once full). */
  private sentUpTo = 0;
  /** What to do once the worker is done with each message, in order. */
  private readonly sent: (() => void)[] = [];

  /** 8 MiB waiting at most by default: enough for the worker never to wait, few enough shared
   * blocks for the pool to keep them all (shared-blocks.ts). */
  constructor(private readonly maxPendingBytes = 8 << 20) {
    this.digest = new Promise((resolve, reject) => {
      type Reply = { kind: "ack"; length: number } | { kind: "digest"; hex: string };
      this.worker.on("message", (m: Reply) => {
        if (m.kind === "digest") return resolve(m.hex);
        this.pending -= m.length;
        this.sent.shift()?.();
        for (const wake of this.waiters.splice(0)) wake();
      });
      this.worker.on("error", (error: Error) => {
        this.failure = error;
        reject(error);
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    this.digest.catch(() => undefined);
  }

  /**
   * Queues a copy of `bytes` (the caller may reuse its buffer at once). Bytes are staged in
   * 1 MiB shared blocks handed over without a second copy: a 16 KiB chunk costs a memcpy, not a
   * message.
   */
  async update(bytes: Uint8Array): Promise<void> {
    for (let from = 0; from < bytes.length; ) {
      const n = Math.min(bytes.length - from, this.staging.length - this.staged);
      this.staging.set(bytes.subarray(from, from + n), this.staged);
      this.staged += n;
      from += n;
      if (this.staged === this.staging.length) await this.flush();
    }
  }

  /**
   * Hashes `bytes` in place, without a copy: they must live in a SharedArrayBuffer and stay
   * unchanged until `hashed` is called.
   */
  async updateShared(bytes: Buffer, hashed: () => void): Promise<void> {
    await this.flush();
    const message = { kind: "bytes", shared: bytes.buffer, offset: bytes.byteOffset, length: bytes.length };
    await this.send(message, bytes.length, hashed);
  }

  async updateZeros(length: number): Promise<void> {
    await this.flush();
    await this.send({ kind: "zeros", length }, length, () => undefined);
  }

  /** The hex digest; the worker ends. */
  async finish(): Promise<string> {
    await this.flush();
    const digest = await finishHashWorker(this.worker, this.digest);
    giveBlock(this.staging);
    return digest;
  }

  /** Stops the worker without a digest (the caller failed). */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }

  /**
   * Sends what is staged and not sent yet. A full block is replaced by another and goes back to
   * the pool once its last bytes are hashed (messages are answered in order, so all of it is);
   * a partial one stays and fills on: a disk that alternates copied runs and fetched chunks
   * would otherwise take a block for every few KiB.
   */
  private async flush(): Promise<void> {
    const [block, from, to] = [this.staging, this.sentUpTo, this.staged];
    const full = to === block.length;
    if (full) {
      this.staging = takeBlock();
      this.staged = 0;
    }
    this.sentUpTo = this.staged;
    if (to === from) return;
    const message = { kind: "bytes", shared: block.buffer, offset: from, length: to - from };
    await this.send(message, to - from, full ? () => giveBlock(block) : () => undefined);
  }

  private async send(message: unknown, weight: number, done: () => void): Promise<void> {
    while (this.pending > this.maxPendingBytes && !this.failure) {
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    if (this.failure) throw this.failure;
    this.pending += weight;
    this.sent.push(done);
    this.worker.postMessage(message);
  }
}
