import { connect } from "node:net";
import path from "node:path";
import { getTinyMaster, type TinyMaster } from "@tremplin/testkit/tiny-image";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVmError } from "./errors";
import type { MasterHints } from "./hints";
import { isAlive } from "./leftovers";
import { launchMachine } from "./machine";
import type { DisplaySpec, MachineSpec } from "./machine-args";
import { createOverlay } from "./qemu-img";
import type { QmpEvent } from "./qmp";

let master: TinyMaster;
let dir: string;
let cleanup: () => Promise<void>;
let overlay: string;
beforeAll(async () => {
  master = await getTinyMaster({ mode: "test" });
  ({ dir, cleanup } = await makeTmpDir("machine-"));
  overlay = path.join(dir, "vm.qcow2");
  await createOverlay({ master: master.path, overlay });
});
afterAll(async () => cleanup());

let n = 0;
function spec(hints: Partial<MasterHints> = {}, display: DisplaySpec = { kind: "none" }): MachineSpec {
  n += 1;
  return {
    name: `tremplin-test-${n}`,
    overlay,
    qmpSocket: path.join(dir, `q${n}.qmp`),
    accel: "tcg",
    memoryMiB: 128,
    vcpus: 1,
    hints: { machine: "q35", diskBus: "sata", nic: "e1000", rtc: "utc", ...hints },
    network: "user",
    display,
  };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("launchMachine (QEMU paused with -S: the arguments, not the guest, are under test)", () => {
  const combinations: Partial<MasterHints>[] = [
    { machine: "q35", diskBus: "sata", nic: "e1000" },
    { machine: "q35", diskBus: "virtio", nic: "virtio" },
    { machine: "pc", diskBus: "sata", nic: "e1000", rtc: "localtime" },
    { machine: "pc", diskBus: "ide", nic: "none" },
    { machine: "pc", diskBus: "virtio", nic: "virtio" },
  ];
  for (const hints of combinations) {
    it(`QEMU accepts ${JSON.stringify(hints)}, answers on QMP, and quits`, async () => {
      const vm = await launchMachine(spec(hints), { extraArgs: ["-S"] });
      expect(await vm.qmp.execute("query-status")).toMatchObject({ status: "prelaunch", running: false });
      await vm.qmp.execute("quit");
      const exit = await vm.exit;
      expect(exit.exitCode).toBe(0);
      expect(await isAlive(vm.pid)).toBe(false);
    });
  }

  it("vnc display: VNC on its unix socket only, without a password and without any TCP port", async () => {
    const display: DisplaySpec = { kind: "vnc", socket: path.join(dir, "v.vnc") };
    const vm = await launchMachine(spec({}, display), { extraArgs: ["-S"] });
    const info = (await vm.qmp.execute("query-vnc-servers")) as {
      auth: string;
      server: { family: string; websocket: boolean }[];
    }[];
    expect(info).toHaveLength(1);
    expect(info[0]?.auth).toBe("none");
    expect(info[0]?.server.map((s) => s.family)).toEqual(["unix"]);
    expect(await rfbGreeting(display.socket)).toBe("RFB 003.008\n");
    await vm.qmp.execute("quit");
    await vm.exit;
  });

  it("QMP: answers commands by id, reports errors with their class, delivers events", async () => {
    const vm = await launchMachine(spec(), { extraArgs: ["-S"] });
    const events: QmpEvent[] = [];
    vm.qmp.onEvent((e) => events.push(e));
    const [status, version] = await Promise.all([
      vm.qmp.execute("query-status"),
      vm.qmp.execute("query-version"),
    ]);
    expect(status).toMatchObject({ status: "prelaunch" });
    expect(version).toMatchObject({ qemu: { major: vm.qmp.version?.major } });
    const error = await caught(vm.qmp.execute("no-such-command"));
    expect(isVmError(error, "qmp_failed")).toBe(true);
    expect((error as { details: { class: string } }).details.class).toBe("CommandNotFound");
    await vm.qmp.execute("cont");
    await vm.qmp.execute("stop");
    await vm.qmp.execute("quit");
    await vm.exit;
    await vm.qmp.closed;
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(["RESUME", "STOP", "SHUTDOWN"]));
    expect(events.find((e) => e.event === "SHUTDOWN")?.data).toMatchObject({
      guest: false,
      reason: "host-qmp-quit",
    });
  });

  it("qemu binary missing: qemu_missing naming the Debian package", async () => {
    const error = await caught(launchMachine(spec(), { binary: "/nonexistent/qemu-system-x86_64" }));
    expect(isVmError(error, "qemu_missing")).toBe(true);
    expect((error as Error).message).toContain("qemu-system-x86");
  });

  it("QEMU dying at start: qemu_crashed with its stderr, and no process left", async () => {
    const error = await caught(launchMachine(spec(), { extraArgs: ["-device", "no-such-card"] }));
    expect(isVmError(error, "qemu_crashed")).toBe(true);
    expect((error as { details: { stderrTail: string } }).details.stderrTail).toContain("no-such-card");
    expect((error as Error).message).toContain("no-such-card");
  });

  // gtk and sdl need a graphical session; without one QEMU stops at display init, which it only
  // reaches once every option parsed: the failure proves our options are QEMU's.
  for (const kind of ["gtk", "sdl"] as const) {
    it.skipIf(Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY))(
      `${kind} display: QEMU accepts the full-screen options (fails only at display init here)`,
      async () => {
        const error = await caught(launchMachine(spec({}, { kind }), { extraArgs: ["-S"] }));
        expect(isVmError(error, "qemu_crashed")).toBe(true);
        const tail = (error as { details: { stderrTail: string } }).details.stderrTail;
        expect(tail).not.toMatch(/Parameter|Invalid|unexpected/);
        expect(tail).toMatch(kind === "gtk" ? /gtk initialization failed/ : /Could not initialize SDL/);
      },
    );
  }
});

/** The first bytes a VNC server sends: its protocol version (RFC 6143 §7.1.1). */
async function rfbGreeting(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    socket.on("error", reject);
    socket.once("data", (chunk) => {
      socket.destroy();
      resolve(chunk.toString("latin1"));
    });
  });
}
