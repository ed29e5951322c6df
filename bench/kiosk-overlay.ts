/**
 * Login → VM: the session's disk is a qcow2 overlay on the master, so its creation must not
 * grow with the master's size.
 *
 *   npx tsx bench/kiosk-overlay.ts [--runs 21]
 *
 * Two masters with the same 1 GiB of data: a 1 GiB image (dense) and a 20 GiB one (sparse past
 * its first GiB). Timed: `createOverlay()` (kiosk/src/qemu/qemu-img.ts, qemu-img create -b …)
 * on each, alternating, median of `runs`. Beside it the naive reset: a full copy of the master.
 * Target (issue 4): overlay on 20 GiB / overlay on 1 GiB ≤ 1.2.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { createOverlay } from "@tremplin/kiosk/qemu/qemu-img";

const { values } = parseArgs({ options: { runs: { type: "string", default: "21" } } });
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const GiB = 1024 ** 3;
const run = (file: string, args: string[]) => promisify(execFile)(file, args, { timeout: 300_000 });

// /var/tmp: on the post's real disk (tmpfs would make the copy look free).
const dir = await mkdtemp(path.join(process.platform === "linux" ? "/var/tmp" : tmpdir(), "bench-overlay-"));
try {
  const small = path.join(dir, "master-1g.qcow2");
  const large = path.join(dir, "master-20g.qcow2");
  for (const [file, size] of [
    [small, "1G"],
    [large, "20G"],
  ] as const) {
    await run("qemu-img", ["create", "-q", "-f", "qcow2", file, size]);
    // 1 GiB of non-zero data in each: the masters differ by their virtual size only.
    await run("qemu-io", ["-f", "qcow2", "-c", "write -P 0x5a 0 1G", file]);
  }
  await run("sync", []);
  const timings = { small: [] as number[], large: [] as number[] };
  for (let i = 0; i < runs; i += 1) {
    for (const [key, master] of (i % 2
      ? [
          ["large", large],
          ["small", small],
        ]
      : [
          ["small", small],
          ["large", large],
        ]) as ["small" | "large", string][]) {
      const overlay = path.join(dir, `overlay-${key}-${i}.qcow2`);
      const started = performance.now();
      await createOverlay({ master, overlay });
      timings[key].push(performance.now() - started);
      await rm(overlay);
    }
  }
  const copies: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const copy = path.join(dir, "copy.qcow2");
    const started = performance.now();
    await copyFile(small, copy);
    await run("sync", ["-f", copy]);
    copies.push(performance.now() - started);
    await rm(copy);
  }
  const overlaySmall = median(timings.small);
  const overlayLarge = median(timings.large);
  const naive = median(copies);
  const ratio = overlayLarge / overlaySmall;
  const smallBytes = (await stat(small)).size;
  console.log(
    `masters: 1 GiB (${(smallBytes / GiB).toFixed(2)} GiB on disk), 20 GiB (${((await stat(large)).size / GiB).toFixed(2)} GiB on disk)`,
  );
  console.log(
    `overlay creation, median of ${runs}: 1 GiB master ${overlaySmall.toFixed(1)} ms, 20 GiB master ${overlayLarge.toFixed(1)} ms`,
  );
  console.log(
    `naive reset (full copy of the 1 GiB master, synced), median of 3: ${naive.toFixed(0)} ms = ${(naive / overlaySmall).toFixed(0)}× the overlay`,
  );
  console.log(`ratio 20 GiB / 1 GiB = ${ratio.toFixed(2)} (target ≤ 1.2) ${ratio <= 1.2 ? "OK" : "MISSED"}`);
  if (ratio > 1.2) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
