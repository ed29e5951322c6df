import type { CutFunction } from "./fastcdc";

/**
 * Where cut chunks go: `buffer` holds them back to back from its start (their disk offset and
 * lengths given), and is the receiver's from then on; `take` gives the buffer to fill next.
 * No chunk is copied on its way out: the bytes stay where they were cut.
 */
export type ChunkBatches = {
  take(): Promise<Buffer>;
  send(buffer: Buffer, offset: number, lengths: number[]): void;
};

/**
 * Cuts one data run (the bytes between two holes) into chunks as its bytes arrive. A boundary
 * is looked for only once `maxSize` bytes are buffered or the run has ended, so arrival sizes
 * never move a boundary. The run's end is always a boundary. Buffers come from `batches`, and
 * must hold at least `maxSize` bytes more than a read block.
 */
export class RunChunker {
  private buf: Buffer | undefined;
  private have = 0;
  private bufOffset = 0;

  constructor(
    private readonly cut: CutFunction,
    private readonly maxSize: number,
    private readonly batches: ChunkBatches,
  ) {}

  /** Appends `bytes`, which sit at `offset` on the disk (contiguous with what came before). */
  async push(bytes: Uint8Array, offset: number): Promise<void> {
    if (this.have === 0) this.bufOffset = offset;
    let from = 0;
    while (from < bytes.length) {
      this.buf ??= await this.batches.take();
      const n = Math.min(bytes.length - from, this.buf.length - this.have);
      this.buf.set(bytes.subarray(from, from + n), this.have);
      this.have += n;
      from += n;
      if (this.have === this.buf.length) await this.drain(false);
    }
  }

  async pushZeros(length: number, offset: number, zeros: Buffer): Promise<void> {
    for (let done = 0; done < length; done += zeros.length) {
      await this.push(zeros.subarray(0, Math.min(zeros.length, length - done)), offset + done);
    }
  }

  /** Ends the run: everything buffered is cut. */
  async end(): Promise<void> {
    await this.drain(true);
  }

  private async drain(atEnd: boolean): Promise<void> {
    const buf = this.buf;
    if (!buf) return;
    const lengths: number[] = [];
    let start = 0;
    while (start < this.have && (atEnd || this.have - start >= this.maxSize)) {
      const length = this.cut(buf, start, this.have);
      lengths.push(length);
      start += length;
    }
    if (lengths.length === 0) return;
    // The uncut tail moves to the next buffer; the cut chunks leave with this one.
    const next = start < this.have ? await this.batches.take() : undefined;
    next?.set(buf.subarray(start, this.have));
    this.batches.send(buf, this.bufOffset, lengths);
    this.buf = next;
    this.have -= start;
    this.bufOffset += start;
  }
}
