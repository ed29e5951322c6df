import { createHash, randomBytes } from "node:crypto";

/** A copy of `bytes` as its own ArrayBuffer: pkijs and WebCrypto take ArrayBuffers, not views. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest());
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

export function toPem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Every block labelled `label` in a PEM text, as DER. */
export function fromPem(label: string, pem: string): Uint8Array[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, "g");
  return [...pem.matchAll(pattern)].map(
    (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")),
  );
}

/**
 * `size` random bytes read as a positive DER INTEGER in its minimal form: the top bit clear
 * (positive) and the next one set (no leading zero octet, which strict parsers such as OpenSSL's
 * refuse as non-minimal).
 */
export function randomPositiveInteger(size: number): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes;
}
