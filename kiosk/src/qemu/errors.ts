import { AppError, type AppErrorCode } from "@tremplin/domain/errors";

/**
 * Why a VM could not start or stop. Each kind maps to one AppError code (so HTTP and exit
 * codes need no new case) and carries a French message fit for the login screen.
 */
export const vmErrorKinds = {
  /** The master's disk file is not there (or not readable). */
  master_missing: "not_found",
  /** qemu-system-x86_64 or qemu-img is not installed (or not executable). */
  qemu_missing: "unavailable",
  /** QEMU exited or never answered on QMP while starting; `details.stderrTail` says why. */
  qemu_crashed: "unavailable",
  /** qemu-img could not create the session's overlay. */
  overlay_failed: "unavailable",
  /** No space left where overlays go. */
  disk_full: "unavailable",
  /** A VM already runs (or is starting) on this post. */
  busy: "conflict",
  /** The host has less memory than the master's minimum. */
  host_too_small: "unavailable",
  /** A QMP command failed or the monitor went away. */
  qmp_failed: "unavailable",
  /** The master needs UEFI and the post has no OVMF firmware. */
  firmware_missing: "unavailable",
  /** The VM's network namespace could not be linked to the post's network (slirp4netns). */
  network_failed: "unavailable",
} as const satisfies Record<string, AppErrorCode>;

export type VmErrorKind = keyof typeof vmErrorKinds;

export class VmError extends AppError {
  readonly kind: VmErrorKind;

  constructor(
    kind: VmErrorKind,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(vmErrorKinds[kind], message, { details: { kind, ...options.details }, cause: options.cause });
    this.name = "VmError";
    this.kind = kind;
  }
}

export function isVmError(error: unknown, kind?: VmErrorKind): error is VmError {
  return error instanceof VmError && (kind === undefined || error.kind === kind);
}

/** The last lines of a tool's stderr: enough to diagnose, short enough for a log line. */
export function stderrTail(text: string, lines = 10): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}
