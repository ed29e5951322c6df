import { masterSyncSchema } from "@tremplin/domain/device";
import { describe, expect, it } from "vitest";
import { SyncBook } from "./sync-book";

describe("sync book", () => {
  it("keeps the last word per version, its problem bounded so the heartbeat stays valid", () => {
    const book = new SyncBook(() => new Date("2026-12-06T02:00:00Z"));
    const ref = { name: "win", version: "2" };
    book.update(ref, { state: "failed", bytesMissing: 5, bytesTotal: 9, problem: "x".repeat(5000) });
    expect(masterSyncSchema.safeParse(book.get(ref)).success).toBe(true);
    book.update(ref, { state: "active", bytesMissing: 0, bytesTotal: 9 });
    expect(book.list()).toEqual([
      { ...ref, state: "active", bytesMissing: 0, bytesTotal: 9, updatedAt: "2026-12-06T02:00:00.000Z" },
    ]);
  });
});
