import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { Outbox } from "./outbox";

const writer = fileURLToPath(new URL("../testing/outbox-writer.ts", import.meta.url));
const kioskDir = fileURLToPath(new URL("../..", import.meta.url));

/**
 * What the writer reported before it died. An ack the child started but never confirmed may or
 * may not have reached the disk (the kill can fall between the fdatasync and the report), so
 * its ids are `acking` until the next reopen settles them one way or the other.
 */
type Seen = { tried: Set<string>; durable: string[]; acking: Set<string>; acked: Set<string> };

/** Runs the writer child until it has made `atLeast` events durable, then SIGKILLs it mid-stream. */
function runAndKill(dir: string, atLeast: number, seen: Seen): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", writer, dir], {
      cwd: kioskDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffer = "";
    let durableThisRun = 0;
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        const [kind, ...ids] = line.split(" ");
        if (kind === "T") seen.tried.add(ids[0]!);
        if (kind === "A") {
          seen.durable.push(ids[0]!);
          durableThisRun++;
        }
        if (kind === "k") for (const id of ids) seen.acking.add(id);
        if (kind === "K")
          for (const id of ids) {
            seen.acking.delete(id);
            seen.acked.add(id);
          }
      }
      if (durableThisRun >= atLeast) child.kill("SIGKILL");
    });
    // "close", not "exit": every line the child wrote is read before the round is checked.
    child.on("close", (code, signal) => {
      if (signal === "SIGKILL") resolve();
      else reject(new Error(`writer exited by itself (${code}): ${stderr}`));
    });
  });
}

describe("Outbox crash safety", () => {
  it("loses and doubles nothing when the writer is killed -9 mid-write, five times in a row", async () => {
    const { dir, cleanup } = await makeTmpDir("outbox-crash-");
    try {
      const seen: Seen = { tried: new Set(), durable: [], acking: new Set(), acked: new Set() };
      for (let round = 0; round < 5; round++) {
        await runAndKill(dir, 40 + round * 37, seen);
        const outbox = await Outbox.open(dir, silentLogger);
        const pending = outbox.pending().map((e) => e.id);
        await outbox.close();

        // An interrupted ack either happened (gone now, for good) or did not (still pending).
        for (const id of seen.acking) if (!pending.includes(id)) seen.acked.add(id);
        seen.acking.clear();

        // Every event whose append returned and that was not acknowledged is still there…
        const mustBePending = seen.durable.filter((id) => !seen.acked.has(id));
        expect(pending).toEqual(expect.arrayContaining(mustBePending));
        // …nothing appears that the writer never tried, nothing acknowledged comes back…
        for (const id of pending) expect(seen.tried.has(id)).toBe(true);
        for (const id of pending) expect(seen.acked.has(id)).toBe(false);
        // …once each, in the order they were written.
        expect(new Set(pending).size).toBe(pending.length);
        const order = [...seen.tried];
        expect([...pending].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(pending);
      }
      expect(seen.durable.length).toBeGreaterThan(200);
    } finally {
      await cleanup();
    }
  }, 60_000);
});
