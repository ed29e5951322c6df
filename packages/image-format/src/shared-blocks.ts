/**
 * 1 MiB buffers of shared memory, reused across the reads, writes and hashing of an assembly
 * and from one assembly to the next. Shared, so that the whole-disk hasher's worker reads them
 * in place while the same bytes are written to the file. Reused, because fresh memory is dear
 * here: the first touch of each 4 KiB page is a page fault, and on these virtual machines a
 * fresh 1 MiB cost about 3 ms (measured), so an assembly that took new buffers as it went spent
 * a third of its time faulting them in, and more in the garbage collector that external memory
 * wakes. At most `keptBlocks` stay in the pool (32 MiB); an assembly needs about twenty.
 */
export const blockSize = 1 << 20;
const keptBlocks = 32;
const free: Buffer[] = [];

/** A block of `blockSize` bytes (its content is whatever its last user left). */
export function takeBlock(): Buffer {
  return free.pop() ?? Buffer.from(new SharedArrayBuffer(blockSize));
}

/** Hands a block back: its last user is done with it (written, hashed, or dropped). */
export function giveBlock(block: Buffer): void {
  if (block.length === blockSize && block.byteOffset === 0 && free.length < keptBlocks) free.push(block);
}
