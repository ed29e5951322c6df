/**
 * Masters at night (issue 19): what crosses the WAN for a new version, how fast a disk is cut,
 * and how fast a post rebuilds it — each against a baseline measured in the same run.
 *
 *   npm run bench master        (or: npx tsx bench/master-delta.ts)
 *
 * On the synthetic pair of bench/_master-pair.ts (512 MiB, v2 = 2 % of 4 KiB blocks rewritten in
 * clustered runs + 1 MiB inserted in the middle), with Debian's casync as the baseline:
 *  1. bytes that cross for v1→v2: new chunks (zstd) + the manifest and the index parts that
 *     changed, vs casync's new chunks + its .caibx, and vs the bytes really changed (≤ 1.3×);
 *  2. chunking + hashing (FastCDC, SHA-256 per chunk, SHA-256 of the whole disk) vs `casync make`
 *     (≥ 5×) and vs one in-process SHA-256 pass over the same bytes (≥ 50 %);
 *  3. assembly of v2 from v1's disk + fetched chunks (v1's unchanged runs copied, each fetched
 *     chunk and the whole disk checked), synced before its rename, vs a plain copy of v2 —
 *     `dd bs=1M conv=fsync`, the bytes read and written through memory (≤ 1.5×) — and, for
 *     information, vs `cp` + `sync -f`, which copies inside the kernel (decision 033). How the
 *     assembly keeps up: decision 034.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, open, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { assembleDisk } from "@tremplin/image-format/assemble-disk";
import { chunkRawDisk } from "@tremplin/image-format/chunk-disk";
import { chunksFromDisk } from "@tremplin/image-format/local-chunks";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { mapDisk } from "@tremplin/image-format/qemu-img";
import { generateSigningKey, trustedKeysFrom } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { makeMasterPair, writePair } from "./_master-pair";

const run = promisify(execFile);
const MiB = 1 << 20;
const mib = (n: number) => `${(n / MiB).toFixed(2)} MiB`;
const rate = (bytes: number, ms: number) => `${((bytes / MiB) * (1000 / ms)).toFixed(0)} MiB/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const verdicts: boolean[] = [];
const target = (label: string, value: number, ok: boolean, goal: string) => {
  verdicts.push(ok);
  console.log(`  ${label}: ${value.toFixed(2)} (target ${goal}) ${ok ? "OK" : "MISSED"}`);
};
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}
/** CPU time (user + system, all threads of this process) that `work` costs, in ms: unlike the
 * wall clock, it does not grow when other processes share the cores. */
async function cpuOf(work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
/** CPU time of a shell command and its children (bash's `times`), in ms. */
async function childCpu(command: string): Promise<number> {
  const { stdout } = await run("bash", ["-c", `${command} && times`]);
  const children = stdout.trim().split("\n").at(-1) ?? "";
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return ((seconds[0] ?? 0) + (seconds[1] ?? 0)) * 1000;
}

/** Sum of file sizes under a casync store, by chunk file name. */
async function casyncChunks(store: string): Promise<Map<string, number>> {
  const chunks = new Map<string, number>();
  for (const entry of await readdir(store, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".cacnk")) {
      chunks.set(entry.name, (await stat(path.join(entry.parentPath, entry.name))).size);
    }
  }
  return chunks;
}

/** Bytes casync sends for v1→v2, and how long its `make` of v1 takes (median of `rounds`, each
 * into a new store: its speed varies more from run to run than ours). */
async function casyncDelta(dir: string, v1: string, v2: string, chunkSize?: string, rounds = 1) {
  const args = chunkSize ? [`--chunk-size=${chunkSize}`] : [];
  const tag = chunkSize ? "small" : "default";
  const make = (v: string, file: string) =>
    timed(() =>
      run("casync", ["make", ...args, `--store=${dir}/cs-${tag}-${v}`, `${dir}/${tag}-${v}.caibx`, file]),
    );
  const makeRuns: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await rm(`${dir}/cs-${tag}-v1`, { recursive: true, force: true });
    makeRuns.push((await make("v1", v1))[1]);
  }
  await make("v2", v2);
  const old = await casyncChunks(`${dir}/cs-${tag}-v1`);
  let bytes = (await stat(`${dir}/${tag}-v2.caibx`)).size;
  for (const [name, size] of await casyncChunks(`${dir}/cs-${tag}-v2`)) if (!old.has(name)) bytes += size;
  return { bytes, makeMs: median(makeRuns) };
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  const handle = await open(file, "r");
  const buf = Buffer.allocUnsafe(8 * MiB);
  for (let pos = 0; ; ) {
    const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  await handle.close();
  return hash.digest("hex");
}

const dir = await mkdtemp("/var/tmp/bench-master-delta-");
try {
  const pair = makeMasterPair(512);
  const [v1, v2] = [path.join(dir, "v1.raw"), path.join(dir, "v2.raw")];
  await writePair(pair, v1, v2);
  console.log(
    `pair: v1 ${mib(pair.v1.length)}, v2 ${mib(pair.v2.length)}; really changed ${mib(pair.changedBytes)} (${pair.runs} runs + 1 MiB inserted)`,
  );

  // 1. Bytes across the WAN.
  const key = generateSigningKey();
  const store = new ChunkStore(path.join(dir, "store"));
  const publish = (disk: string, version: string) =>
    publishDisk({
      disk,
      name: "bench",
      version,
      os: "linux",
      hints: {},
      store,
      privateKeyPem: key.privateKeyPem,
      now: new Date(),
      workDir: dir,
    });
  const [p1, publishMs] = await timed(() => publish(v1, "1"));
  const p2 = await publish(v2, "2");
  const oldParts = new Set(p1.header.index.parts.map((p) => p[0]));
  const newParts = p2.header.index.parts.filter((p) => !oldParts.has(p[0]));
  const envelopeBytes = (await stat(p2.manifestFile)).size;
  const indexBytes = envelopeBytes + newParts.reduce((sum, p) => sum + p[2], 0);
  const fullIndex = envelopeBytes + p2.header.index.parts.reduce((sum, p) => sum + p[2], 0);
  const ours = p2.newBytes + indexBytes;
  const casync = await casyncDelta(dir, v1, v2, undefined, 3);
  const casyncSmall = await casyncDelta(dir, v1, v2, "4096:16384:65536");
  console.log("\n1. bytes that cross for v1→v2");
  console.log(
    `  tremplin: ${mib(ours)} = ${p2.newChunks} new chunks ${mib(p2.newBytes)} + manifest ${(envelopeBytes / 1024).toFixed(0)} KiB + ${newParts.length}/${p2.header.index.parts.length} index parts ${mib(indexBytes - envelopeBytes)} (whole index: ${mib(fullIndex)})`,
  );
  console.log(
    `  casync make (default 64 KiB chunks): ${mib(casync.bytes)}; casync at our 4/16/64 KiB: ${mib(casyncSmall.bytes)}`,
  );
  target("tremplin / casync default", ours / casync.bytes, ours <= casync.bytes, "≤ 1");
  target(
    "tremplin / casync at 16 KiB",
    ours / casyncSmall.bytes,
    ours <= casyncSmall.bytes,
    "≤ 1, for information",
  );
  target("tremplin / really changed", ours / pair.changedBytes, ours <= 1.3 * pair.changedBytes, "≤ 1.3");

  // 2. Chunking + hashing, warm cache (the files were just written and read).
  // A 20–60 GB master is chunked for minutes: its steady pace is what counts. So one round of
  // each side warms up (JIT, worker start) and is not counted; then the median of 5, alternated.
  const regions = await mapDisk(v1, "raw");
  const chunkV1 = () => chunkRawDisk({ file: v1, regions, sink: async () => 1 });
  await sha256OfFile(v1);
  await chunkV1();
  const shaRuns: number[] = [];
  const cdcRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    shaRuns.push((await timed(() => sha256OfFile(v1)))[1]);
    cdcRuns.push((await timed(chunkV1))[1]);
  }
  const [sha, cdc] = [median(shaRuns), median(cdcRuns)];
  const size = pair.v1.length;
  console.log("\n2. chunking + hashing of v1 (after a warm-up round, median of 5; casync make: median of 3)");
  console.log(
    `  in-process SHA-256: ${rate(size, sha)}; FastCDC + SHA-256 per chunk + whole-disk SHA-256: ${rate(size, cdc)}`,
  );
  console.log(
    `  casync make (chunk, hash, zstd, write): ${rate(size, casync.makeMs)}; our full publish of v1 (chunk, hash, zstd, write): ${rate(size, publishMs)}`,
  );
  const shaCpu = await cpuOf(() => sha256OfFile(v1));
  const cdcCpu = await cpuOf(chunkV1);
  console.log(
    `  CPU time (all threads): SHA-256 ${shaCpu.toFixed(0)} ms, chunking + hashing ${cdcCpu.toFixed(0)} ms — SHA / chunking = ${(shaCpu / cdcCpu).toFixed(2)} (with two free cores the wall-clock ratio lies between this and twice it)`,
  );
  target("chunking / casync make", casync.makeMs / cdc, casync.makeMs / cdc >= 5, "≥ 5");
  target("chunking / SHA-256", sha / cdc, sha / cdc >= 0.5, "≥ 0.5");
  console.log(`  (publish / casync make: ${(casync.makeMs / publishMs).toFixed(2)}×, for information)`);

  // 3. Assembly of v2 on a post that has v1, chunks fetched from the store folder.
  const trusted = trustedKeysFrom([{ pem: key.publicKeyPem, source: "bench" }]);
  const manifest2 = await store.readManifest("bench", "2", trusted);
  const local = chunksFromDisk(await store.readManifest("bench", "1", trusted), v1);
  const out = path.join(dir, "assembled.raw");
  const assemble = () =>
    assembleDisk(manifest2, {
      out,
      format: "raw",
      localChunks: [local],
      fetchChunk: (h) => readFile(store.chunkPath(h)),
    });
  // The first assembly is checked byte for byte and warms up; the next three are timed, each
  // beside a copy.
  const report = await assemble();
  if ((await sha256OfFile(out)) !== createHash("sha256").update(pair.v2).digest("hex"))
    throw new Error("assembled v2 differs");
  const assemblies: number[] = [];
  const copies: number[] = [];
  const kernelCopies: number[] = [];
  for (let i = 0; i < 3; i++) {
    await rm(out);
    assemblies.push((await timed(assemble))[1]);
    const copyFile = path.join(dir, `copy-${i}.raw`);
    copies.push(
      (await timed(() => run("dd", [`if=${v2}`, `of=${copyFile}`, "bs=1M", "conv=fsync", "status=none"])))[1],
    );
    await rm(copyFile);
    kernelCopies.push(
      (
        await timed(async () => {
          await run("cp", [v2, copyFile]);
          await run("sync", ["-f", copyFile]);
        })
      )[1],
    );
    await rm(copyFile);
  }
  await local.close();
  const [asm, copy, kernelCopy] = [median(assemblies), median(copies), median(kernelCopies)];
  console.log(
    "\n3. assembly of v2 from v1's disk + fetched chunks (checked, synced), vs a plain copy of v2 (dd bs=1M conv=fsync) and cp + sync -f (after a checked warm-up, median of 3)",
  );
  console.log(
    `  assembly: ${rate(pair.v2.length, asm)} (${report.localChunks} local chunks of which ${report.copiedChunks ?? 0} copied in runs, ${report.fetchedChunks} fetched, ${mib(report.fetchedBytes)}); dd: ${rate(pair.v2.length, copy)}; cp: ${rate(pair.v2.length, kernelCopy)}`,
  );
  // The manifests are read before: the CPU measured is the assembly's alone.
  const again = chunksFromDisk(await store.readManifest("bench", "1", trusted), v1);
  const asmCpu = await cpuOf(async () => {
    await assembleDisk(manifest2, {
      out: `${out}.2`,
      format: "raw",
      localChunks: [again],
      fetchChunk: (h) => readFile(store.chunkPath(h)),
    });
    await again.close();
  });
  const copyCpu = await childCpu(`dd if=${v2} of=${dir}/copy-cpu.raw bs=1M conv=fsync status=none`);
  console.log(
    `  CPU time: assembly ${asmCpu.toFixed(0)} ms (the whole-disk SHA-256, fetched chunks inflated and hashed), dd ${copyCpu.toFixed(0)} ms — ratio ${(asmCpu / copyCpu).toFixed(2)}`,
  );
  target("assembly / plain copy (dd)", asm / copy, asm / copy <= 1.5, "≤ 1.5");
  console.log(
    `  (assembly / cp + sync, a copy inside the kernel: ${(asm / kernelCopy).toFixed(2)}×, for information)`,
  );
  if (verdicts.some((ok) => !ok)) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
