import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { Outbox } from "./outbox";

const writer = fileURLToPath(new URL("../testing/outbox-writer.ts", import.meta.url));
const kioskDir = fileURLToPath(new URL("../..", import.meta.url));

type Seen = { tried: Set<string>; durable: string[]; acked: Set<string> };

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
        if (kind === "K") for (const id of ids) seen.acked.add(id);
      }
      if (durableThisRun >= atLeast) child.kill("SIGKILL");
    });
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve();
      else reject(new Error(`writer exited by itself (${code}): ${stderr}`));
    });
  });
}

describe("Outbox crash safety", () => {
  it("loses and doubles nothing when the writer is killed -9 mid-write, five times in a row", async () => {
    const { dir, cleanup } = await makeTmpDir("outbox-crash-");
    try {
      const seen: Seen = { tried: new Set(), durable: [], acked: new Set() };
      for (let round = 0; round < 5; round++) {
        await runAndKill(dir, 40 + round * 37, seen);
        const outbox = await Outbox.open(dir, silentLogger);
        const pending = outbox.pending().map((e) => e.id);
        await outbox.close();

        // Every event whose append returned and whose ack did not is still there…
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
