/**
 * The kiosk OS (issue 20): its size, what an update costs over the WAN, and what our userspace
 * costs at boot — each against a baseline measured in the same run.
 *
 *   npx tsx bench/kiosk-os.ts        (root; the Debian part is cached after the first build)
 *
 *  1. compressed qcow2 with Chromium, QEMU and Node: ≤ 700 MiB;
 *  2. an agent release (v2 = v1 with the agent bundle changed): the bytes that cross the WAN
 *     (new chunks, zstd, + manifest and index) vs the bytes that really changed between the two
 *     slot images (4 KiB blocks that differ): ≤ 1.3×;
 *  3. boot under TCG to the first-boot screen's text vs the same kernel and initrd booted straight
 *     to an init that exits at once (the cost of our userspace; under KVM on a NUC it is seconds).
 */
import { execFile, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { generateSigningKey } from "@tremplin/image-format/sign";
import { prepareUefi } from "@tremplin/kiosk/qemu/firmware";
import { uefiArgs } from "@tremplin/kiosk/qemu/machine-args";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
/** tsx's children run on the Node that runs this (the project's), not on whatever PATH finds. */
const withOurNode = {
  env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}` },
};
const cli = path.join(root, "image-builder/src/cli.ts");
const MiB = 1 << 20;
const verdicts: boolean[] = [];
const target = (label: string, value: number, ok: boolean, goal: string) => {
  verdicts.push(ok);
  console.log(`  ${label}: ${value.toFixed(2)} (target ${goal}) ${ok ? "OK" : "MISSED"}`);
};

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** 4 KiB blocks that differ between two images of the same size, in bytes. */
async function changedBytes(a: string, b: string): Promise<number> {
  const [fa, fb] = [await open(a, "r"), await open(b, "r")];
  const size = (await fa.stat()).size;
  const [ba, bb] = [Buffer.alloc(4 * MiB), Buffer.alloc(4 * MiB)];
  let changed = 0;
  for (let pos = 0; pos < size; pos += ba.length) {
    const { bytesRead } = await fa.read(ba, 0, ba.length, pos);
    await fb.read(bb, 0, bytesRead, pos);
    for (let i = 0; i < bytesRead; i += 4096) {
      if (ba.compare(bb, i, i + 4096, i, i + 4096) !== 0) changed += 4096;
    }
  }
  await fa.close();
  await fb.close();
  return changed;
}

/** Seconds from QEMU's start until `until` is true of the serial log (or QEMU exits, if `exits`). */
async function timeBoot(args: string[], serial: string, until: (log: string) => boolean): Promise<number> {
  const started = performance.now();
  const qemu = spawn("qemu-system-x86_64", [...args, "-serial", `file:${serial}`], { stdio: "ignore" });
  const exited = new Promise<void>((r) => qemu.once("exit", () => r()));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (!done) {
    const log = await readFile(serial, "latin1").catch(() => "");
    if (until(log)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = (performance.now() - started) / 1000;
  qemu.kill("SIGKILL");
  await exited;
  return seconds;
}

const work = await mkdtemp(path.join(tmpdir(), "bench-kiosk-os-"));
try {
  const key = generateSigningKey();
  const keyFile = path.join(work, "k.key");
  const pubFile = path.join(work, "k.pub");
  await writeFile(keyFile, key.privateKeyPem);
  await writeFile(pubFile, key.publicKeyPem);
  const site = path.join(work, "site.json");
  await writeFile(
    site,
    JSON.stringify({
      portal: { url: "http://10.0.2.2:3999", plainHttp: true },
      directory: { url: "ldaps://dc.bench.test:636", baseDn: "DC=bench,DC=test" },
      masterSync: { trustedKeyFiles: [pubFile] },
    }),
  );
  const store = path.join(work, "store");
  console.log("1. build v1 (cached Debian part)");
  const { stdout } = await run(
    tsx,
    [
      cli,
      "kiosk-os",
      "build",
      "--version",
      "1",
      "--site",
      site,
      "--out",
      path.join(work, "out"),
      "--work-dir",
      path.join(work, "build"),
      "--store",
      store,
      "--key",
      keyFile,
      "--json",
    ],
    { ...withOurNode, cwd: root, maxBuffer: 16 << 20 },
  );
  const v1 = JSON.parse(stdout) as { qcow2: string; slotImage: string };
  const qcow2 = (await stat(v1.qcow2)).size;
  target("compressed qcow2, MiB", qcow2 / MiB, qcow2 <= 700 * MiB, "≤ 700");

  console.log("2. an agent release: v2 = v1 with another agent bundle");
  const v2 = path.join(work, "v2.root.img");
  await copyFile(v1.slotImage, v2);
  const bundle = path.join(work, "bundle.mjs");
  await run("debugfs", ["-R", `dump /opt/tremplin/kiosk/dist/tremplin-kiosk.mjs ${bundle}`, v2]);
  const original = await readFile(bundle, "utf8");
  // A release touches code here and there: a tenth of the lines changed.
  const edited = original
    .split("\n")
    .map((line, i) => (i % 10 === 0 ? `${line} // v2` : line))
    .join("\n");
  await writeFile(bundle, edited);
  for (const edit of [
    "rm /opt/tremplin/kiosk/dist/tremplin-kiosk.mjs",
    `write ${bundle} /opt/tremplin/kiosk/dist/tremplin-kiosk.mjs`,
  ])
    await run("debugfs", ["-w", "-R", edit, v2]);
  const before = await dirBytes(store);
  await run(
    tsx,
    [
      cli,
      "publish",
      v2,
      "--name",
      "tremplin-kiosk-os",
      "--version",
      "2",
      "--os",
      "linux",
      "--key",
      keyFile,
      "--store",
      store,
    ],
    { ...withOurNode, cwd: root, maxBuffer: 16 << 20 },
  );
  const wan = (await dirBytes(store)) - before;
  const changed = await changedBytes(v1.slotImage, v2);
  console.log(
    `  changed between the slots: ${(changed / MiB).toFixed(2)} MiB; over the WAN: ${(wan / MiB).toFixed(2)} MiB`,
  );
  target("WAN bytes / changed bytes", wan / changed, wan <= 1.3 * changed, "≤ 1.3");

  console.log("3. boot under TCG: to the first-boot screen vs the bare kernel to its init");
  const disk = path.join(work, "nuc.qcow2");
  await run("qemu-img", ["create", "-q", "-f", "qcow2", "-b", v1.qcow2, "-F", "qcow2", disk, "12G"]);
  const uefi = await prepareUefi(path.join(work, "vars.fd"));
  const machine = [
    "-accel",
    "tcg",
    "-machine",
    "q35",
    "-m",
    "2048",
    "-smp",
    "2",
    "-display",
    "none",
    "-device",
    "virtio-vga",
  ];
  const full = await timeBoot(
    [
      ...machine,
      ...uefiArgs(uefi),
      ...["-drive", `file=${disk},if=virtio,format=qcow2`],
      ...["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"],
    ],
    path.join(work, "full.log"),
    (log) => /first-boot screen listening/.test(log) && /Started tremplin-screen/.test(log),
  );
  const startup = /Startup finished in ([^\n]*)/.exec(await readFile(path.join(work, "full.log"), "latin1"));
  console.log(
    `  to the first-boot screen: ${full.toFixed(1)} s${startup ? ` (systemd: ${startup[1]?.trim()})` : ""}`,
  );
  const kernelDir = path.join(work, "kernel");
  await mkdir(kernelDir);
  const ls = (await run("debugfs", ["-R", "ls -p /boot", v1.slotImage])).stdout;
  const names = ls.split("\n").map((l) => l.split("/")[5] ?? "");
  for (const [prefix, out] of [
    ["vmlinuz-", "vmlinuz"],
    ["initrd.img-", "initrd.img"],
  ] as const) {
    const name = names
      .filter((n) => n.startsWith(prefix))
      .sort()
      .at(-1);
    await run("debugfs", ["-R", `dump /boot/${name} ${path.join(kernelDir, out)}`, v1.slotImage]);
  }
  const bare = await timeBoot(
    [
      ...machine,
      "-no-reboot",
      ...["-kernel", path.join(kernelDir, "vmlinuz"), "-initrd", path.join(kernelDir, "initrd.img")],
      ...["-drive", `file=${disk},if=virtio,format=qcow2,snapshot=on`],
      ...["-append", "root=PARTLABEL=tremplin-root-a ro console=ttyS0 init=/bin/true panic=-1"],
    ],
    path.join(work, "bare.log"),
    (log) => /Attempted to kill init|Kernel panic/.test(log),
  );
  console.log(
    `  bare kernel + initrd to its init: ${bare.toFixed(1)} s; our userspace: ${(full - bare).toFixed(1)} s`,
  );
  console.log(`  boot to the screen / bare boot: ${(full / bare).toFixed(2)} (printed, no target under TCG)`);
  console.log(verdicts.every(Boolean) ? "all targets met" : "some targets missed");
} finally {
  await rm(work, { recursive: true, force: true });
}
