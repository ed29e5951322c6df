import type { AppErrorCode } from "@tremplin/domain/errors";
import type { MasterOnDisk } from "../masters/catalog";

/**
 * What the agent needs from the directory and from QEMU, in its own terms. The production
 * adapters (`directory-auth.ts`, `qemu-driver.ts`) wrap `@tremplin/directory` and `../qemu`.
 */
export type AuthOutcome =
  | { ok: true; username: string; displayName: string; isTrainer: boolean }
  /** `message` is the directory's French explanation, shown as is on the login screen. */
  | { ok: false; code: string; appCode: AppErrorCode; message: string };

export type Authenticate = (username: string, password: string) => Promise<AuthOutcome>;

export type Accelerator = "kvm" | "tcg";

export type VmExit =
  /** The guest powered itself off. */
  | { kind: "poweroff" }
  /** QEMU died (or could not be stopped cleanly): the session was cut short. */
  | { kind: "crash"; message: string }
  /** We stopped it (logout). */
  | { kind: "stopped" };

export interface RunningVm {
  readonly accel: Accelerator;
  /** Why TCG when it is TCG (e.g. "KVM internal error during the probe"). */
  readonly accelReason: string | undefined;
  /** Set in `vnc` display mode: QEMU's VNC server's unix socket, which the page reaches at `/vnc`. */
  readonly vnc: { socket: string } | undefined;
  /** Resolves once QEMU is gone and its overlay deleted, whoever ended it. */
  readonly exited: Promise<VmExit>;
  /** Asks the guest to power down, waits, then quits QEMU. Resolves like `exited`. */
  stop(): Promise<VmExit>;
}

export interface VmDriver {
  /** Deletes overlays and kills QEMU processes a crash left behind; returns what it removed. */
  cleanupLeftovers(): Promise<string[]>;
  start(options: { master: MasterOnDisk; sessionLabel: string }): Promise<RunningVm>;
  /** What the KVM probe found (for the heartbeat before any session); null before a probe. */
  probedAccelerator?(): { accel: Accelerator | null; reason: string | null };
}
