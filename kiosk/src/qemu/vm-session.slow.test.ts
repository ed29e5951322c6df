import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getTinyMaster, type TinyMaster } from "@tremplin/testkit/tiny-image";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isVmError } from "./errors";
import { isAlive } from "./leftovers";
import { launchMachine } from "./machine";
import { createOverlay } from "./qemu-img";
import { listTree, serialLines, waitForSerial } from "./test-helpers";
import { VmSupervisor } from "./vm-supervisor";

let test: TinyMaster;
let demo: TinyMaster;
let dir: string;
let overlayDir: string;
let cleanup: () => Promise<void>;
let supervisor: VmSupervisor;
let serialCount = 0;
const serial = () => path.join(dir, `serial-${++serialCount}.log`);

beforeAll(async () => {
  [test, demo] = [await getTinyMaster({ mode: "test" }), await getTinyMaster({ mode: "demo" })];
  ({ dir, cleanup } = await makeTmpDir("vm-session-"));
  overlayDir = path.join(dir, "overlays");
});
afterEach(async () => {
  // A failed test must not leave a VM running into the next one.
  await supervisor?.current?.stop({ powerdownTimeoutMs: 500 });
});
afterAll(async () => cleanup());

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("VmSupervisor and VmSession, real QEMU under TCG with the tiny master", () => {
  it("two sessions in a row: the second does not see the first one's marker; overlay and process gone after each", async () => {
    supervisor = new VmSupervisor({ overlayDir });
    for (const round of [1, 2]) {
      const file = serial();
      const session = await supervisor.start({
        master: test.path,
        hints: test.hints,
        accel: "tcg",
        serialFile: file,
      });
      expect(supervisor.isBusy).toBe(true);
      expect(await isAlive(session.pid)).toBe(true);
      expect(existsSync(session.overlay)).toBe(true);
      const end = await session.ended;
      expect(end.reason, `round ${round}: ${end.message}`).toBe("guest_poweroff");
      const lines = await serialLines(file);
      expect(lines).toContain("TREMPLIN-MARKER: absent");
      expect(lines).toContain("TREMPLIN-MARKER: written");
      expect(await isAlive(session.pid)).toBe(false);
      expect(existsSync(session.overlay)).toBe(false);
      expect(supervisor.isBusy).toBe(false);
      await session.purged;
      expect(await listTree(overlayDir)).toEqual([]);
    }
  });

  it("control: the same overlay booted twice does show the marker (the check above can fail)", async () => {
    const overlay = path.join(dir, "kept.qcow2");
    await createOverlay({ master: test.path, overlay });
    const seen: string[] = [];
    for (const round of [1, 2]) {
      const file = serial();
      const vm = await launchMachine({
        name: `control-${round}`,
        overlay,
        qmpSocket: path.join(dir, `control-${round}.qmp`),
        accel: "tcg",
        memoryMiB: 256,
        vcpus: 1,
        hints: { machine: "pc", diskBus: "virtio", nic: "none", rtc: "utc" },
        network: "none",
        display: { kind: "none" },
        serialFile: file,
      });
      await vm.exit;
      seen.push(
        (await serialLines(file)).find(
          (l) => l.startsWith("TREMPLIN-MARKER: a") || l.startsWith("TREMPLIN-MARKER: p"),
        )!,
      );
    }
    expect(seen[0]).toBe("TREMPLIN-MARKER: absent");
    expect(seen[1]).toMatch(/^TREMPLIN-MARKER: present boot /);
  });

  it("logout: stop() presses the ACPI power button, the guest shuts down cleanly, nothing is left", async () => {
    supervisor = new VmSupervisor({ overlayDir });
    const file = serial();
    const session = await supervisor.start({
      master: demo.path,
      hints: demo.hints,
      accel: "tcg",
      serialFile: file,
    });
    await waitForSerial(file, /^TREMPLIN-BOOT: demo$/);
    const end = await session.stop({ powerdownTimeoutMs: 30_000 });
    expect(end.reason, end.message).toBe("stopped");
    expect((await serialLines(file)).some((l) => l.includes("TREMPLIN-POWERBUTTON"))).toBe(true);
    expect(await isAlive(session.pid)).toBe(false);
    expect(session.state).toBe("ended");
    await session.purged;
    expect(await listTree(overlayDir)).toEqual([]);
    expect(await session.stop()).toBe(end);
  });

  it("a master that needs UEFI starts OVMF with the session's own variables, gone with the session", async () => {
    supervisor = new VmSupervisor({ overlayDir });
    const file = serial();
    const session = await supervisor.start({
      master: test.path,
      hints: { ...test.hints, firmware: "uefi" },
      accel: "tcg",
      serialFile: file,
    });
    // OVMF's boot manager logs on the serial port (the tiny master has no EFI loader: it goes on to
    // the firmware's shell); QEMU's BIOS would not write this.
    await waitForSerial(file, /BdsDxe: /, 120_000);
    expect((await listTree(overlayDir)).filter((f) => f.endsWith(".efivars"))).toHaveLength(1);
    await session.stop({ powerdownTimeoutMs: 300 });
    await session.purged;
    expect(await listTree(overlayDir)).toEqual([]);
  });

  it("a guest that ignores the power button is ended by QMP quit after the timeout", async () => {
    supervisor = new VmSupervisor({ overlayDir });
    // -S: the vCPU never runs, so nothing in the guest answers the button.
    const session = await supervisor.start({
      master: test.path,
      hints: test.hints,
      accel: "tcg",
      extraArgs: ["-S"],
    });
    const end = await session.stop({ powerdownTimeoutMs: 300 });
    expect(end.reason).toBe("forced");
    expect(await isAlive(session.pid)).toBe(false);
    await session.purged;
    expect(await listTree(overlayDir)).toEqual([]);
  });

  it("never two VMs at once: a second start is refused while one runs, accepted after", async () => {
    supervisor = new VmSupervisor({ overlayDir });
    const first = await supervisor.start({
      master: test.path,
      hints: test.hints,
      accel: "tcg",
      extraArgs: ["-S"],
    });
    const error = await caught(
      supervisor.start({ master: test.path, hints: test.hints, accel: "tcg", extraArgs: ["-S"] }),
    );
    expect(isVmError(error, "busy")).toBe(true);
    expect((error as { code: string }).code).toBe("conflict");
    expect((await listTree(overlayDir)).filter((f) => f.endsWith(".qcow2"))).toEqual([
      path.basename(first.overlay),
    ]);
    await first.stop({ powerdownTimeoutMs: 200 });
    const second = await supervisor.start({
      master: test.path,
      hints: test.hints,
      accel: "tcg",
      extraArgs: ["-S"],
    });
    expect(second.id).not.toBe(first.id);
    await second.stop({ powerdownTimeoutMs: 200 });
  });

  it("QEMU killed from outside: the session ends as crashed and is cleaned up", async () => {
    supervisor = new VmSupervisor({ overlayDir });
    const session = await supervisor.start({
      master: test.path,
      hints: test.hints,
      accel: "tcg",
      extraArgs: ["-S"],
    });
    process.kill(session.pid, "SIGKILL");
    const end = await session.ended;
    expect(end).toMatchObject({ reason: "crashed", signal: "SIGKILL" });
    expect(end.message).toContain("SIGKILL");
    expect(supervisor.isBusy).toBe(false);
    await session.purged;
    expect(await listTree(overlayDir)).toEqual([]);
  });
});

describe("failures at start: a typed error, nothing left behind, the post free again", () => {
  it("master missing", async () => {
    supervisor = new VmSupervisor({ overlayDir });
    const error = await caught(supervisor.start({ master: path.join(dir, "gone.qcow2"), accel: "tcg" }));
    expect(isVmError(error, "master_missing")).toBe(true);
    expect(await listTree(overlayDir)).toEqual([]);
    expect(supervisor.isBusy).toBe(false);
  });

  it("qemu-system-x86_64 missing", async () => {
    supervisor = new VmSupervisor({ overlayDir, qemuBinary: "/nonexistent/qemu-system-x86_64" });
    const error = await caught(supervisor.start({ master: test.path, hints: test.hints, accel: "tcg" }));
    expect(isVmError(error, "qemu_missing")).toBe(true);
    expect(await listTree(overlayDir)).toEqual([]);
    expect(supervisor.isBusy).toBe(false);
  });

  it("QEMU crashing at start: qemu_crashed with QEMU's reason, nothing left behind", async () => {
    supervisor = new VmSupervisor({ overlayDir });
    const error = await caught(
      supervisor.start({
        master: test.path,
        hints: test.hints,
        accel: "tcg",
        display: "vnc",
        extraArgs: ["-device", "no-such-card"],
      }),
    );
    expect(isVmError(error, "qemu_crashed")).toBe(true);
    expect((error as Error).message).toContain("no-such-card");
    expect(await listTree(overlayDir)).toEqual([]);
    expect(supervisor.isBusy).toBe(false);
  });

  it.skipIf(process.getuid?.() !== 0)("disk full where overlays go", async () => {
    const full = path.join(dir, "full");
    await mkdir(full);
    await execa("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", full]);
    try {
      await execa("dd", ["if=/dev/zero", `of=${path.join(full, "filler")}`, "bs=4k", "count=64"], {
        reject: false,
      });
      supervisor = new VmSupervisor({ overlayDir: full });
      const error = await caught(supervisor.start({ master: test.path, hints: test.hints, accel: "tcg" }));
      expect(isVmError(error, "disk_full")).toBe(true);
      expect(await listTree(full)).toEqual(["filler"]);
      expect(supervisor.isBusy).toBe(false);
    } finally {
      await execa("umount", [full]);
    }
  });
});

describe("cleanupLeftovers (agent start after a crash or power cut)", () => {
  it("kills a QEMU left running on an overlay, deletes overlays, sockets and trash, keeps the rest", async () => {
    const left = path.join(dir, "left");
    await mkdir(path.join(left, ".trash"), { recursive: true });
    const overlay = path.join(left, "vm-old-1.qcow2");
    await createOverlay({ master: test.path, overlay });
    await writeFile(path.join(left, ".trash", "vm-older-2.qcow2"), "x");
    await writeFile(path.join(left, "keep.txt"), "not ours");
    // A QEMU whose agent vanished without pdeathsig (started directly, paused).
    const orphan = await launchMachine(
      {
        name: "orphan",
        overlay,
        qmpSocket: path.join(left, "vm-old-1.qmp"),
        accel: "tcg",
        memoryMiB: 128,
        vcpus: 1,
        hints: { machine: "pc", diskBus: "virtio", nic: "none", rtc: "utc" },
        network: "none",
        display: { kind: "none" },
      },
      { extraArgs: ["-S"] },
    );
    supervisor = new VmSupervisor({ overlayDir: left });
    const report = await supervisor.cleanupLeftovers();
    expect(report.killedPids).toEqual([orphan.pid]);
    expect(await isAlive(orphan.pid)).toBe(false);
    expect(report.removed.map((f) => path.relative(left, f)).sort()).toEqual(
      [".trash/vm-older-2.qcow2", "vm-old-1.qcow2", "vm-old-1.qmp"].sort(),
    );
    expect(await listTree(left)).toEqual(["keep.txt"]);
    expect(await supervisor.cleanupLeftovers()).toEqual({ killedPids: [], removed: [] });
  });

  it("an agent SIGKILLed mid-session takes its QEMU down with it; the restart removes the overlay", async () => {
    const agentDir = path.join(dir, "agent-overlays");
    const script = fileURLToPath(new URL("./fixtures/hold-vm.ts", import.meta.url));
    const agent = execa(
      process.execPath,
      [
        "--import",
        "tsx",
        script,
        JSON.stringify({
          overlayDir: agentDir,
          master: test.path,
          hints: test.hints,
          accel: "tcg",
          extraArgs: ["-S"],
        }),
      ],
      { reject: false },
    );
    const started = await new Promise<{ pid: number; overlay: string }>((resolve, reject) => {
      agent.stdout?.once("data", (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
      void agent.then((r) => reject(new Error(`agent exited early: ${r.stderr}`)));
    });
    expect(await isAlive(started.pid)).toBe(true);
    agent.kill("SIGKILL");
    await agent;
    const deadline = Date.now() + 5000;
    while ((await isAlive(started.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await isAlive(started.pid)).toBe(false);
    expect(existsSync(started.overlay)).toBe(true);
    const report = await new VmSupervisor({ overlayDir: agentDir }).cleanupLeftovers();
    expect(report.removed).toContain(started.overlay);
    expect(await listTree(agentDir)).toEqual([]);
  });
});
