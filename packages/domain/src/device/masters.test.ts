import { describe, expect, it } from "vitest";
import { heartbeatRequestSchema } from "./heartbeat";
import { chunkAnswer, chunkHashSchema, parseByteRange } from "./masters";

describe("byte ranges (RFC 9110 §14.1.2)", () => {
  it("answers one range, open-ended and suffix ranges, clamped to the body", () => {
    expect(parseByteRange("bytes=0-9", 100)).toEqual({ kind: "part", start: 0, end: 9 });
    expect(parseByteRange("bytes=90-", 100)).toEqual({ kind: "part", start: 90, end: 99 });
    expect(parseByteRange("bytes=-10", 100)).toEqual({ kind: "part", start: 90, end: 99 });
    expect(parseByteRange("bytes=95-500", 100)).toEqual({ kind: "part", start: 95, end: 99 });
    expect(parseByteRange("bytes=-500", 100)).toEqual({ kind: "part", start: 0, end: 99 });
  });

  it("is unsatisfiable past the end, whole for what it does not answer", () => {
    expect(parseByteRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange(null, 100)).toEqual({ kind: "whole" });
    expect(parseByteRange("bytes=0-1,5-6", 100)).toEqual({ kind: "whole" });
    expect(parseByteRange("items=0-1", 100)).toEqual({ kind: "whole" });
    expect(parseByteRange("bytes=9-2", 100)).toEqual({ kind: "whole" });
  });
});

describe("a chunk's answer", () => {
  const hash = "c".repeat(64);
  const ask = (range: string | null, ifNoneMatch: string | null = null) =>
    chunkAnswer(hash, 100, { range, ifNoneMatch });

  it("is cacheable forever, its strong ETag its hash", () => {
    const whole = ask(null);
    expect(whole.status).toBe(200);
    expect(whole.body).toEqual({ start: 0, end: 100 });
    expect(whole.headers).toMatchObject({
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${hash}"`,
      "content-length": "100",
    });
  });

  it("answers a range with 206, past the end with 416, a known ETag with 304", () => {
    expect(ask("bytes=10-19")).toMatchObject({
      status: 206,
      body: { start: 10, end: 20 },
      headers: { "content-range": "bytes 10-19/100", "content-length": "10" },
    });
    expect(ask("bytes=100-")).toMatchObject({ status: 416, headers: { "content-range": "bytes */100" } });
    expect(ask(null, `W/"x", "${hash}"`).status).toBe(304);
  });
});

describe("masters on the wire", () => {
  it("names a chunk by 64 lower-case hex digits only", () => {
    expect(chunkHashSchema.safeParse("a".repeat(64)).success).toBe(true);
    expect(chunkHashSchema.safeParse("A".repeat(64)).success).toBe(false);
    expect(chunkHashSchema.safeParse("../../etc/passwd").success).toBe(false);
  });

  it("still reads a heartbeat from an agent that knows nothing of the night sync", () => {
    const beat = {
      sentAt: "2026-12-06T10:00:00Z",
      agentVersion: "0.1.0",
      state: "idle",
      accelerator: null,
      acceleratorReason: null,
      outboxDepth: 0,
      masters: [{ name: "demo", version: "1", verified: true }],
      inventory: {
        cpu: { model: "x", cores: 2, physicalCores: 2, virtualization: true },
        memory: { totalBytes: 1, availableBytes: 1 },
        disk: { mount: "/", totalBytes: 1, freeBytes: 1 },
        network: [],
        os: { distro: "d", release: "r", kernel: "k", arch: "x64", hostname: "h" },
        uptimeSeconds: 1,
      },
    };
    expect(heartbeatRequestSchema.safeParse(beat).success).toBe(true);
    const withSync = {
      ...beat,
      masterSync: [
        {
          name: "demo",
          version: "2",
          state: "refused",
          bytesMissing: 10,
          bytesTotal: 10,
          problem: "clé inconnue",
          updatedAt: "2026-12-06T02:00:00Z",
        },
      ],
    };
    expect(heartbeatRequestSchema.parse(withSync).masterSync?.[0]?.state).toBe("refused");
  });
});
