import { createHash } from "node:crypto";

/** Deterministic pseudo-random bytes (SHA-256 in counter mode): the same on every machine. */
export function seededBytes(seed: string, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0, block = 0; i < length; block++) {
    const digest = createHash("sha256").update(`${seed}:${block}`).digest();
    i += digest.copy(out, i, 0, Math.min(32, length - i));
  }
  return out;
}

/** `disk` given an MBR boot signature (bytes 510-511): publishing takes a raw file only when it looks like a disk. */
export function withBootSignature(disk: Buffer): Buffer {
  disk[510] = 0x55;
  disk[511] = 0xaa;
  return disk;
}

/**
 * A 512-byte MBR that prints `message` through the BIOS and halts: the smallest disk a session
 * VM really boots (SeaBIOS, no OS), so a test or a demo stand-in shows words on the guest's
 * screen. Hand-assembled 16-bit code, offsets on the left:
 *   00 xor ax,ax / 02 mov ds,ax / 04 xor bx,bx (page 0) / 06 mov si,0x7c18 (the message) / 09 cld
 *   0a lodsb / 0b test al,al / 0d jz 15 / 0f mov ah,0x0e / 11 int 0x10 (teletype) / 13 jmp 0a
 *   15 hlt / 16 jmp 15 / 18 the message, NUL-terminated
 */
export function bootSectorPrinting(message: string): Buffer {
  const code = [
    0x31, 0xc0, 0x8e, 0xd8, 0x31, 0xdb, 0xbe, 0x18, 0x7c, 0xfc, 0xac, 0x84, 0xc0, 0x74, 0x06, 0xb4, 0x0e,
    0xcd, 0x10, 0xeb, 0xf5, 0xf4, 0xeb, 0xfd,
  ];
  const text = Buffer.from(`${message}\0`, "latin1");
  if (!/^[\x20-\x7e\r\n]*$/.test(message) || code.length + text.length > 510) {
    throw new Error("the boot sector's message must be printable ASCII, under 486 characters");
  }
  const sector = Buffer.alloc(512);
  Buffer.from(code).copy(sector, 0);
  text.copy(sector, code.length);
  return withBootSignature(sector);
}
