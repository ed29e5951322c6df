/**
 * A bandwidth cap: `take(bytes)` resolves once the bytes fit under `bytesPerSecond`, with at
 * most one second of burst. Shared by every upstream download of the relay, so the cap holds
 * for the site's WAN link as a whole.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly bytesPerSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = bytesPerSecond;
    this.last = clock();
  }

  static fromMbps(mbps: number): TokenBucket {
    return new TokenBucket((mbps * 1_000_000) / 8);
  }

  /** Waits in turn (FIFO), so one large body cannot starve the others. */
  take(bytes: number): Promise<void> {
    const next = this.queue.then(() => this.wait(bytes));
    this.queue = next;
    return next;
  }

  private async wait(bytes: number): Promise<void> {
    this.refill();
    this.tokens -= bytes;
    if (this.tokens >= 0) return;
    const ms = (-this.tokens / this.bytesPerSecond) * 1000;
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.refill();
  }

  private refill(): void {
    const now = this.clock();
    this.tokens = Math.min(
      this.bytesPerSecond,
      this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond,
    );
    this.last = now;
  }
}
