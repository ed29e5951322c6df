import path from "node:path";
import { getTinyMaster, type TinyMaster } from "@tremplin/testkit/tiny-image";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcceleratorVerdict, probeAccelerator, trialBoot } from "./accelerator";
import { isVmError } from "./errors";
import { isAlive } from "./leftovers";
import { serialLines } from "./test-helpers";
import { VmSupervisor } from "./vm-supervisor";

let master: TinyMaster;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  master = await getTinyMaster({ mode: "test" });
  ({ dir, cleanup } = await makeTmpDir("accel-"));
});
afterAll(async () => cleanup());

describe("probeAccelerator", () => {
  it("tells whether KVM really boots here, and a real KVM session agrees with it", async () => {
    const verdict: AcceleratorVerdict = await probeAccelerator({ image: master.path, timeoutMs: 20_000 });
    expect(verdict.reason.length).toBeGreaterThan(10);
    // Ground truth, measured independently: a full session of the same master under KVM.
    const supervisor = new VmSupervisor({ overlayDir: path.join(dir, "overlays") });
    const serial = path.join(dir, "kvm-serial.log");
    const attempt = await supervisor
      .start({ master: master.path, hints: master.hints, accel: "kvm", serialFile: serial })
      .then(
        (session) => ({ session }),
        (error: unknown) => ({ error }),
      );
    if ("error" in attempt) {
      // QEMU itself refused KVM (FACTS.md: some machines of this kind have no /dev/kvm at all):
      // the probe must have said TCG, and why.
      expect(isVmError(attempt.error)).toBe(true);
      expect(verdict.accel).toBe("tcg");
      expect(verdict.reason).toMatch(/KVM|kvm/);
      return;
    }
    const { session } = attempt;
    const finished = await Promise.race([
      session.ended,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000)),
    ]);
    const end = finished ?? (await session.stop({ powerdownTimeoutMs: 1000 }));
    const booted = (await serialLines(serial)).includes("TREMPLIN-MARKER: written");
    expect(await isAlive(session.pid)).toBe(false);
    if (verdict.accel === "kvm") {
      expect(booted).toBe(true);
      expect(end.reason).toBe("guest_poweroff");
      expect(verdict.kvmBootMs).toBeGreaterThan(0);
    } else {
      // This machine (FACTS.md): /dev/kvm exists, the guest hangs with "KVM internal error".
      expect(booted).toBe(false);
      expect(verdict.reason).toMatch(/KVM/);
    }
  });

  it("the trial boot recognises a guest that boots (tried under TCG, which works everywhere)", async () => {
    const trial = await trialBoot({ image: master.path, accel: "tcg", timeoutMs: 60_000 });
    expect(trial).toMatchObject({ ok: true });
  });

  it("the trial boot reports a guest that stays silent, within its timeout", async () => {
    const trial = await trialBoot({
      image: master.path,
      accel: "tcg",
      expect: /NEVER-PRINTED/,
      timeoutMs: 2000,
    });
    expect(trial).toEqual({ ok: false, reason: expect.stringContaining("aucun signe de vie") });
  });

  it("no /dev/kvm: TCG, saying so, without starting QEMU", async () => {
    const verdict = await probeAccelerator({ image: master.path, kvmDevice: path.join(dir, "no-kvm") });
    expect(verdict.accel).toBe("tcg");
    expect(verdict.reason).toContain("absent");
  });

  it("probe image missing: master_missing", async () => {
    const error = await probeAccelerator({ image: path.join(dir, "none.qcow2") }).catch((e: unknown) => e);
    if (error && typeof error === "object" && "accel" in error) {
      // /dev/kvm is missing on this machine: the probe stops before needing the image.
      expect((error as AcceleratorVerdict).accel).toBe("tcg");
      return;
    }
    expect(isVmError(error, "master_missing")).toBe(true);
  });
});
