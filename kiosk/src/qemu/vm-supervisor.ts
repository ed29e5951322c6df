import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { parseOrThrow } from "@tremplin/domain/errors";
import type { Logger } from "pino";
import { silentLogger } from "../log";
import { VmError } from "./errors";
import { prepareUefi } from "./firmware";
import { type HostResources, type MasterHintsInput, masterHintsSchema, sizeMachine } from "./hints";
import { readHostResources } from "./host";
import { cleanupLeftovers, type LeftoverReport } from "./leftovers";
import { launchMachine } from "./machine";
import type { Accelerator, DisplaySpec } from "./machine-args";
import { createOverlay } from "./qemu-img";
import { sessionFiles } from "./session-files";
import { UsbPassthrough, type UsbPolicy } from "./usb";
import { VmSession } from "./vm-session";

export type VmSupervisorOptions = {
  /** Where overlays go; emptied by `cleanupLeftovers()`. Must not hold anything else of value. */
  overlayDir: string;
  qemuBinary?: string;
  qemuImgBinary?: string;
  log?: Logger;
  /** Defaults to systeminformation's reading of this post, taken once. */
  host?: HostResources;
};

export type StartVmOptions = {
  /** The master's disk (read-only base of the overlay). */
  master: string;
  /** `raw` for a master the night sync assembled (default `qcow2`). */
  masterFormat?: "qcow2" | "raw";
  /** The master's `master.json` hints; parsed here. */
  hints?: MasterHintsInput;
  /** From `probeAccelerator()` (or the post's config). */
  accel: Accelerator;
  accelReason?: string;
  display?: "gtk" | "sdl" | "vnc" | "none";
  serialFile?: string;
  network?: "none" | "user";
  usb?: UsbPolicy;
  /** The post's config may cap or raise what the master asks for (still capped by the host). */
  overrides?: { memoryMiB?: number | undefined; vcpus?: number | undefined };
  powerdownTimeoutMs?: number;
  startTimeoutMs?: number;
  /** For the log: who and what this session is. */
  label?: string;
  /** Appended to QEMU's command line verbatim (tests). */
  extraArgs?: string[];
};

/**
 * The post's one VM slot. `start()` creates the overlay and launches QEMU, refusing (`busy`)
 * while another VM runs or starts; the slot frees itself when that VM ends, however it ends.
 * A failed start leaves no overlay and no process behind.
 */
export class VmSupervisor {
  private active: "starting" | VmSession | undefined;
  private host: HostResources | undefined;
  private readonly log: Logger;
  private readonly overlayDir: string;

  constructor(private readonly options: VmSupervisorOptions) {
    this.log = options.log ?? silentLogger;
    this.overlayDir = path.resolve(options.overlayDir);
    this.host = options.host;
  }

  /** The running (or stopping) session, if any. */
  get current(): VmSession | undefined {
    return this.active === "starting" ? undefined : this.active;
  }

  get isBusy(): boolean {
    return this.active !== undefined;
  }

  /** See `cleanupLeftovers`: call once at agent start, before the first `start()`. */
  async cleanupLeftovers(): Promise<LeftoverReport> {
    if (this.active) throw new VmError("busy", "Nettoyage impossible : une machine virtuelle tourne.");
    return await cleanupLeftovers(this.overlayDir, { log: this.log });
  }

  async start(options: StartVmOptions): Promise<VmSession> {
    if (this.active) throw new VmError("busy", "Une machine virtuelle tourne déjà sur ce poste.");
    this.active = "starting";
    try {
      const session = await this.launch(options);
      this.active = session;
      return session;
    } catch (error) {
      this.active = undefined;
      throw error;
    }
  }

  private async launch(options: StartVmOptions): Promise<VmSession> {
    const hints = parseOrThrow(masterHintsSchema, options.hints ?? {}, "Indices matériels du master");
    this.host ??= await readHostResources();
    const size = sizeMachine({ hints, host: this.host, overrides: options.overrides });
    const files = sessionFiles(
      this.overlayDir,
      `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`,
    );
    const log = this.log.child({ vm: files.id, label: options.label });
    await mkdir(this.overlayDir, { recursive: true });
    await createOverlay({
      master: options.master,
      masterFormat: options.masterFormat,
      overlay: files.overlay,
      binary: this.options.qemuImgBinary,
    });
    const display: DisplaySpec =
      options.display === "vnc"
        ? { kind: "vnc", socket: files.vncSocket }
        : { kind: options.display ?? "none" };
    try {
      const uefi = hints.firmware === "uefi" ? await prepareUefi(files.efiVars) : undefined;
      const machine = await launchMachine(
        {
          name: `tremplin-vm-${files.id}`,
          overlay: files.overlay,
          qmpSocket: files.qmpSocket,
          accel: options.accel,
          ...size,
          hints,
          network: options.network ?? "user",
          display,
          serialFile: options.serialFile,
          uefi,
        },
        {
          binary: this.options.qemuBinary,
          startTimeoutMs: options.startTimeoutMs,
          extraArgs: options.extraArgs,
          log,
        },
      );
      const usb =
        options.usb && options.usb !== "none"
          ? new UsbPassthrough({ qmp: machine.qmp, policy: options.usb, log })
          : undefined;
      usb?.start();
      log.info({ pid: machine.pid, accel: options.accel, ...size, display: display.kind }, "VM running");
      return new VmSession({
        files,
        machine,
        accel: options.accel,
        accelReason: options.accelReason,
        size,
        vnc: display.kind === "vnc" ? { socket: display.socket } : undefined,
        usb,
        powerdownTimeoutMs: options.powerdownTimeoutMs ?? 30_000,
        log,
        onReady: () => {
          this.active = undefined;
        },
      });
    } catch (error) {
      for (const file of [files.overlay, files.qmpSocket, files.vncSocket, files.efiVars]) {
        await rm(file, { force: true });
      }
      throw error;
    }
  }
}
