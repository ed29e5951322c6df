import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { MachineSize } from "./hints";
import type { MachineExit, RunningMachine } from "./machine";
import type { Accelerator } from "./machine-args";
import type { QmpEvent } from "./qmp";
import { type SessionFiles, trashDirName } from "./session-files";
import type { UsbPassthrough } from "./usb";

export type VmEndReason =
  /** The guest powered itself off (QMP SHUTDOWN, reason guest-shutdown). */
  | "guest_poweroff"
  /** `stop()`: the guest shut down cleanly after the ACPI power button. */
  | "stopped"
  /** `stop()`: the guest ignored the power button; QMP `quit` ended QEMU. */
  | "forced"
  /** `stop()`: QEMU ignored `quit` too and was killed. */
  | "killed"
  /** QEMU died on its own (or was killed by someone else). */
  | "crashed";

export type VmEnd = {
  reason: VmEndReason;
  /** French, for the log and the login screen. */
  message: string;
  exitCode: number | null;
  signal: string | null;
  stderrTail: string;
  startedAt: Date;
  endedAt: Date;
  /** From QEMU's exit to the overlay out of reach and the post free for the next login. */
  exitToReadyMs: number;
};

export type VmSessionInit = {
  files: SessionFiles;
  machine: RunningMachine;
  accel: Accelerator;
  accelReason: string | undefined;
  size: MachineSize;
  vnc: { socket: string } | undefined;
  usb: UsbPassthrough | undefined;
  powerdownTimeoutMs: number;
  log: Logger;
  /** Called once the overlay is out of reach, before `ended` resolves: frees the supervisor. */
  onReady: () => void;
};

const QUIT_TIMEOUT_MS = 5000;

/**
 * One running VM and its overlay, from QEMU answering on QMP to the overlay's deletion.
 * Ends by `stop()` (logout) or by itself (guest power-off, crash); either way `ended` resolves
 * once QEMU is gone and the overlay out of reach, and never rejects.
 */
export class VmSession {
  readonly id: string;
  readonly overlay: string;
  readonly pid: number;
  readonly accel: Accelerator;
  readonly accelReason: string | undefined;
  readonly size: MachineSize;
  /** Set in `vnc` display mode: QEMU's VNC server, on a unix socket in the overlay folder. */
  readonly vnc: { socket: string } | undefined;
  readonly startedAt = new Date();
  readonly ended: Promise<VmEnd>;
  /** Resolves when the finished overlay's blocks are freed too (after `ended`). */
  readonly purged: Promise<void>;
  private currentState: "running" | "stopping" | "ended" = "running";
  private stopRequested = false;
  private escalation: "quit" | "kill" | undefined;
  private guestShutdown = false;
  private markPurged: () => void = () => undefined;

  constructor(private readonly init: VmSessionInit) {
    this.id = init.files.id;
    this.overlay = init.files.overlay;
    this.pid = init.machine.pid;
    this.accel = init.accel;
    this.accelReason = init.accelReason;
    this.size = init.size;
    this.vnc = init.vnc;
    this.purged = new Promise((resolve) => {
      this.markPurged = resolve;
    });
    init.machine.qmp.onEvent((event) => this.onEvent(event));
    this.ended = init.machine.exit.then((exit) => this.finish(exit));
  }

  get state(): "running" | "stopping" | "ended" {
    return this.currentState;
  }

  /**
   * Logout: ACPI power button (QMP `system_powerdown`) so the guest shuts down cleanly; after
   * `powerdownTimeoutMs`, QMP `quit`; after 5 s more, SIGKILL. Resolves like `ended`.
   */
  async stop(options: { powerdownTimeoutMs?: number } = {}): Promise<VmEnd> {
    if (this.currentState !== "running") return this.ended;
    this.currentState = "stopping";
    this.stopRequested = true;
    const { machine, log } = this.init;
    await this.quietly("system_powerdown");
    if (await this.exitsWithin(options.powerdownTimeoutMs ?? this.init.powerdownTimeoutMs)) return this.ended;
    log.warn({ vm: this.id }, "guest ignored the power button: QMP quit");
    this.escalation = "quit";
    await this.quietly("quit");
    if (await this.exitsWithin(QUIT_TIMEOUT_MS)) return this.ended;
    log.error({ vm: this.id, pid: this.pid }, "QEMU ignored quit: SIGKILL");
    this.escalation = "kill";
    machine.kill("SIGKILL");
    return this.ended;
  }

  private onEvent(event: QmpEvent): void {
    this.init.log.info({ vm: this.id, event: event.event, data: event.data }, "QMP event");
    // A guest reboot also sends SHUTDOWN (reason guest-reset) but QEMU carries on.
    if (event.event === "SHUTDOWN" && event.data?.reason === "guest-shutdown") this.guestShutdown = true;
  }

  private async finish(exit: MachineExit): Promise<VmEnd> {
    const { machine, files, log } = this.init;
    this.currentState = "ended";
    // QEMU writes SHUTDOWN before exiting, but Node may see the exit first: read the socket to its end.
    await Promise.race([machine.qmp.closed, sleep(500)]);
    machine.qmp.close();
    await this.init.usb?.stop();
    const trashed = await this.moveOverlayAside(files, log);
    this.init.onReady();
    const readyAt = performance.now();
    void this.purge(trashed, log);
    const reason = this.reasonFor(exit);
    const end: VmEnd = {
      reason,
      message: messageFor(reason, exit),
      exitCode: exit.exitCode,
      signal: exit.signal,
      stderrTail: exit.stderrTail,
      startedAt: this.startedAt,
      endedAt: new Date(),
      exitToReadyMs: readyAt - exit.at,
    };
    log[reason === "crashed" || reason === "killed" ? "error" : "info"]({ vm: this.id, ...end }, "VM ended");
    return end;
  }

  private reasonFor(exit: MachineExit): VmEndReason {
    if (this.escalation === "kill") return "killed";
    if (this.escalation === "quit") return "forced";
    const isCleanExit = exit.exitCode === 0 && exit.signal === null;
    if (this.stopRequested && isCleanExit) return "stopped";
    if (this.guestShutdown && isCleanExit) return "guest_poweroff";
    return "crashed";
  }

  /**
   * Renames the overlay into the trash (instant), deletes the sockets and UEFI variables;
   * returns the trash path.
   */
  private async moveOverlayAside(files: SessionFiles, log: Logger): Promise<string | undefined> {
    await rm(files.qmpSocket, { force: true });
    await rm(files.vncSocket, { force: true });
    await rm(files.efiVars, { force: true });
    const trash = path.join(path.dirname(files.overlay), trashDirName);
    const target = path.join(trash, path.basename(files.overlay));
    try {
      await mkdir(trash, { recursive: true });
      await rename(files.overlay, target);
      return target;
    } catch (error) {
      log.error(
        { err: error, overlay: files.overlay },
        "overlay could not be moved aside: deleting in place",
      );
      await rm(files.overlay, { force: true });
      return undefined;
    }
  }

  private async purge(trashed: string | undefined, log: Logger): Promise<void> {
    try {
      if (trashed) await rm(trashed, { force: true });
    } catch (error) {
      // The agent's next start empties the trash (cleanupLeftovers).
      log.error({ err: error, trashed }, "finished overlay could not be deleted");
    } finally {
      this.markPurged();
    }
  }

  private async quietly(command: string): Promise<void> {
    try {
      await this.init.machine.qmp.execute(command, undefined, { timeoutMs: 5000 });
    } catch (error) {
      // QEMU may be exiting already (its guest powered off at the same moment): the exit decides.
      this.init.log.info({ err: error, vm: this.id, command }, "QMP command not delivered");
    }
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    const timeout = new AbortController();
    const outcome = await Promise.race([
      this.init.machine.exit.then(() => true),
      sleep(ms, false, { signal: timeout.signal }).catch(() => false),
    ]);
    timeout.abort();
    return outcome;
  }
}

function messageFor(reason: VmEndReason, exit: MachineExit): string {
  switch (reason) {
    case "guest_poweroff":
      return "Le système de la session s'est éteint.";
    case "stopped":
      return "Session fermée.";
    case "forced":
      return "La machine virtuelle ne s'est pas éteinte à temps : QEMU l'a arrêtée.";
    case "killed":
      return "La machine virtuelle ne répondait plus : elle a été arrêtée de force.";
    case "crashed":
      return `La machine virtuelle s'est arrêtée de façon inattendue (${exit.signal ?? `code ${exit.exitCode}`})${exit.stderrTail ? ` : ${exit.stderrTail.split("\n").slice(-1)[0]}` : ""}.`;
  }
}
