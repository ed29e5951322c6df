import type { CutFunction } from "./fastcdc";

/** Receives a chunk's bytes (valid until the returned promise settles) and its disk offset. */
export type EmitChunk = (data: Buffer, offset: number) => Promise<void>;

/**
 * Cuts one data run (the bytes between two holes) into chunks as its bytes arrive. A boundary
 * is looked for only once `maxSize` bytes are buffered or the run has ended, so arrival sizes
 * never move a boundary. The run's end is always a boundary.
 */
export class RunChunker {
  private readonly buf: Buffer;
  private have = 0;
  private bufOffset = 0;

  constructor(
    private readonly cut: CutFunction,
    private readonly maxSize: number,
    private readonly emit: EmitChunk,
    capacity = 8 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(capacity + maxSize);
  }

  /** Appends `bytes`, which sit at `offset` on the disk (contiguous with what came before). */
  async push(bytes: Uint8Array, offset: number): Promise<void> {
    if (this.have === 0) this.bufOffset = offset;
    let from = 0;
    while (from < bytes.length) {
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
    let start = 0;
    while (start < this.have && (atEnd || this.have - start >= this.maxSize)) {
      const length = this.cut(this.buf, start, this.have);
      await this.emit(this.buf.subarray(start, start + length), this.bufOffset + start);
      start += length;
    }
    this.buf.copyWithin(0, start, this.have);
    this.have -= start;
    this.bufOffset += start;
  }
}
