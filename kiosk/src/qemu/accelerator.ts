import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { execa } from "execa";
import type { Logger } from "pino";
import { silentLogger } from "../log";
import { resolveBinary } from "./binaries";
import { stderrTail, VmError } from "./errors";
import type { Accelerator } from "./machine-args";

export type AcceleratorVerdict = {
  accel: Accelerator;
  /** Why, in French, for the doctor, the heartbeat and the login screen's banner. */
  reason: string;
  /** Time the trial boot took to print under KVM (when it did). */
  kvmBootMs?: number;
};

export type ProbeOptions = {
  /** A small bootable qcow2 that prints `expect` on ttyS0 (image-builder's tiny-linux master). */
  image: string;
  expect?: RegExp;
  timeoutMs?: number;
  binary?: string;
  kvmDevice?: string;
  log?: Logger;
};

/**
 * Whether KVM really works here. `/dev/kvm` existing is not enough: on some hosts (nested
 * virtualisation without unrestricted guest) a KVM guest stops in its boot loader with "KVM
 * internal error … emulation failure" and QEMU never exits. Only a real boot tells: the probe
 * boots `image` under KVM and waits for `expect` on its serial console. Anything else means
 * TCG, with the reason.
 */
export async function probeAccelerator(options: ProbeOptions): Promise<AcceleratorVerdict> {
  const log = options.log ?? silentLogger;
  const device = options.kvmDevice ?? "/dev/kvm";
  const denied = await accessProblem(device);
  if (denied) return { accel: "tcg", reason: denied };
  const trial = await trialBoot({ ...options, accel: "kvm" });
  const verdict: AcceleratorVerdict = trial.ok
    ? { accel: "kvm", reason: `KVM fonctionne (démarrage d'essai en ${trial.ms} ms).`, kvmBootMs: trial.ms }
    : { accel: "tcg", reason: trial.reason };
  log.info(verdict, "accelerator probed");
  return verdict;
}

export type TrialBoot = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * Boots `image` under `accel` (`-snapshot`: nothing written) until `expect` shows on its serial
 * console, "KVM internal error" on stderr, QEMU exits, or `timeoutMs` — then kills it.
 */
export async function trialBoot(options: ProbeOptions & { accel: Accelerator }): Promise<TrialBoot> {
  await access(options.image, constants.R_OK).catch((cause: unknown) => {
    throw new VmError("master_missing", `Image d'essai introuvable : ${options.image}`, { cause });
  });
  const qemu = await resolveBinary(options.binary ?? "qemu-system-x86_64");
  const timeoutMs = options.timeoutMs ?? 20_000;
  const expect = options.expect ?? /TREMPLIN-BOOT:/;
  const name = options.accel.toUpperCase();
  const started = performance.now();
  const drive = `file=${options.image.replaceAll(",", ",,")},if=virtio,format=qcow2,snapshot=on`;
  const child = execa(
    qemu,
    [
      "-no-user-config",
      "-nodefaults",
      "-machine",
      `pc,accel=${options.accel}`,
      "-cpu",
      options.accel === "kvm" ? "host" : "max",
    ].concat(["-m", "256", "-display", "none", "-drive", drive, "-serial", "stdio"]),
    { reject: false, stdin: "ignore", buffer: false },
  );
  const outcome = await new Promise<TrialBoot>((resolve) => {
    let out = "";
    let err = "";
    const timer = setTimeout(
      () =>
        resolve({
          ok: false,
          reason: `${name} : aucun signe de vie du système d'essai en ${timeoutMs / 1000} s (invité bloqué).`,
        }),
      timeoutMs,
    );
    const settle = (v: TrialBoot) => {
      clearTimeout(timer);
      resolve(v);
    };
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      out = (out + chunk).slice(-4096);
      if (expect.test(out)) settle({ ok: true, ms: Math.round(performance.now() - started) });
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      err = (err + chunk).slice(-8192);
      const internal = /KVM internal error\. Suberror: (\d+)/.exec(err);
      if (!internal) return;
      const detail = /emulation failure/.test(err) ? " (emulation failure)" : "";
      settle({
        ok: false,
        reason: `KVM internal error, suberror ${internal[1]}${detail} : l'invité se bloque sous KVM.`,
      });
    });
    void child.then((result) =>
      settle({
        ok: false,
        reason: `QEMU s'est arrêté sous ${name} (code ${result.exitCode}) : ${stderrTail(err, 3) || "sans message"}`,
      }),
    );
  });
  // Whatever the outcome, the trial VM goes: a hung KVM guest would otherwise spin forever.
  child.kill("SIGKILL");
  await child;
  return outcome;
}

async function accessProblem(device: string): Promise<string | undefined> {
  try {
    await access(device, constants.R_OK | constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      return `${device} absent : pas de virtualisation matérielle (VT-x/AMD-V désactivé ou module kvm non chargé).`;
    if (code === "EACCES")
      return `${device} inaccessible : ajoutez l'utilisateur de l'agent au groupe « kvm ».`;
    throw error;
  }
}
