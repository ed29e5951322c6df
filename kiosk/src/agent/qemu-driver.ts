import type { Logger } from "pino";
import type { KioskConfig } from "../config";
import { type AcceleratorVerdict, probeAccelerator } from "../qemu/accelerator";
import type { VmEnd } from "../qemu/vm-session";
import { VmSupervisor } from "../qemu/vm-supervisor";
import type { RunningVm, VmDriver, VmExit } from "./ports";

type Config = Pick<KioskConfig, "overlayDir" | "display" | "serialFile" | "vm">;

/**
 * The accelerator this post uses, decided once per agent run. `auto` boots the configured probe
 * image under KVM for real (FACTS: /dev/kvm may exist while guests hang); without a probe image
 * it cannot know, so it takes the safe TCG and says how to fix it.
 */
export async function decideAccelerator(config: Config, log: Logger): Promise<AcceleratorVerdict> {
  const { accelerator, kvmProbeImage } = config.vm;
  if (accelerator === "tcg")
    return { accel: "tcg", reason: "TCG imposé par la configuration (vm.accelerator)." };
  if (accelerator === "kvm")
    return { accel: "kvm", reason: "KVM imposé par la configuration (vm.accelerator)." };
  if (!kvmProbeImage) {
    return {
      accel: "tcg",
      reason: "KVM non vérifié : aucune image d'essai configurée (vm.kvmProbeImage), repli sur TCG.",
    };
  }
  try {
    return await probeAccelerator({ image: kvmProbeImage, log });
  } catch (error) {
    log.error({ err: error }, "KVM probe failed");
    return { accel: "tcg", reason: `Sonde KVM impossible (${(error as Error).message}) : repli sur TCG.` };
  }
}

/** The agent's VM port on top of the QEMU layer's supervisor (one VM slot, overlays, QMP). */
export async function createQemuDriver(config: Config, log: Logger): Promise<VmDriver> {
  const supervisor = new VmSupervisor({ overlayDir: config.overlayDir, log: log.child({ part: "vm" }) });
  let verdict: AcceleratorVerdict | undefined;
  // Probed in the background from start-up; the first login waits for it if it is not done.
  const probing = decideAccelerator(config, log).then((v) => {
    verdict = v;
    log.info(v, "accelerator decided");
    return v;
  });
  return {
    async cleanupLeftovers() {
      const report = await supervisor.cleanupLeftovers();
      return [...report.killedPids.map((pid) => `QEMU pid ${pid}`), ...report.removed];
    },
    async start({ master, sessionLabel }) {
      const { accel, reason } = await probing;
      const session = await supervisor.start({
        master: master.disk,
        masterFormat: master.format,
        hints: master.hints,
        accel,
        accelReason: reason,
        display: config.display,
        serialFile: config.serialFile,
        usb: config.vm.usb,
        overrides: { memoryMiB: config.vm.memoryMiB, vcpus: config.vm.vcpus },
        powerdownTimeoutMs: config.vm.powerdownTimeoutSeconds * 1000,
        label: sessionLabel,
      });
      const vm: RunningVm = {
        accel: session.accel,
        accelReason: session.accel === "tcg" ? session.accelReason : undefined,
        vnc: session.vnc,
        exited: session.ended.then(toExit),
        stop: () => session.stop().then(toExit),
      };
      return vm;
    },
    probedAccelerator: () =>
      verdict ? { accel: verdict.accel, reason: verdict.reason } : { accel: null, reason: null },
  };
}

function toExit(end: VmEnd): VmExit {
  switch (end.reason) {
    case "guest_poweroff":
      return { kind: "poweroff" };
    case "stopped":
    case "forced":
    case "killed":
      return { kind: "stopped" };
    case "crashed":
      return { kind: "crash", message: end.message };
  }
}
