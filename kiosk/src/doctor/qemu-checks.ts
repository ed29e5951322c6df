import { existsSync } from "node:fs";
import { execa } from "execa";
import type { Logger } from "pino";
import { decideAccelerator } from "../agent/qemu-driver";
import type { KioskConfig } from "../config";
import { resolveBinary } from "../qemu/binaries";
import { ovmf } from "../qemu/firmware";
import type { Check } from "./checklist";

/**
 * QEMU installed (and which), UEFI firmware for the masters that need it, and the accelerator
 * the agent would use, with the reason.
 */
export async function qemuChecks(config: KioskConfig, log: Logger): Promise<Check[]> {
  const checks: Check[] = [];
  for (const binary of ["qemu-system-x86_64", "qemu-img"]) {
    try {
      const file = await resolveBinary(binary);
      const r = await execa(file, ["--version"], { timeout: 10_000, reject: false });
      const line = r.stdout.split("\n")[0] ?? "";
      checks.push(
        r.exitCode === 0
          ? { label: binary, level: "ok", detail: line }
          : {
              label: binary,
              level: "fail",
              detail: `--version a échoué (code ${r.exitCode}) : ${r.stderr.slice(-200)}`,
            },
      );
    } catch (error) {
      checks.push({ label: binary, level: "fail", detail: (error as Error).message });
    }
  }
  // BIOS masters run without it: a warning, not a failure.
  checks.push(
    existsSync(ovmf.code) && existsSync(ovmf.varsTemplate)
      ? { label: "UEFI", level: "ok", detail: ovmf.code }
      : {
          label: "UEFI",
          level: "warn",
          detail: "OVMF absent (paquet « ovmf ») : les masters UEFI (Windows 11) ne démarreront pas",
        },
  );
  const verdict = await decideAccelerator(config, log);
  checks.push({
    label: "Accélération",
    level: verdict.accel === "kvm" ? "ok" : "warn",
    detail: `${verdict.accel.toUpperCase()} — ${verdict.reason}`,
  });
  return checks;
}
