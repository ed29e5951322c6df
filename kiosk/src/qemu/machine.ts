import { realpath } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { execa } from "execa";
import type { Logger } from "pino";
import { silentLogger } from "../log";
import { findBinary, resolveBinary } from "./binaries";
import { stderrTail, VmError } from "./errors";
import {
  findGuestNetworkTools,
  type GuestNetworkTools,
  inOwnNetwork,
  linkGuestNetwork,
} from "./guest-network";
import { buildQemuArgs, type MachineSpec } from "./machine-args";
import { QmpClient } from "./qmp";

export type MachineExit = {
  exitCode: number | null;
  signal: string | null;
  /** `performance.now()` when the process exited: the start of "logout → ready". */
  at: number;
  stderrTail: string;
};

export type RunningMachine = {
  pid: number;
  qmp: QmpClient;
  /** Resolves once the QEMU process is gone (never rejects). */
  exit: Promise<MachineExit>;
  isRunning: () => boolean;
  kill: (signal?: NodeJS.Signals) => void;
};

export type LaunchOptions = {
  binary?: string;
  /** How long QEMU may take to open its QMP socket. */
  startTimeoutMs?: number;
  /** Appended verbatim (tests: `-S` to start paused). */
  extraArgs?: string[];
  log?: Logger;
};

const STDERR_KEEP = 16 * 1024;

/**
 * Spawns qemu-system-x86_64 for `spec` and returns once QMP answers. QEMU dying first becomes
 * `qemu_crashed` with its stderr tail; a missing binary `qemu_missing`. On failure nothing is
 * left running.
 */
export async function launchMachine(spec: MachineSpec, options: LaunchOptions = {}): Promise<RunningMachine> {
  const log = options.log ?? silentLogger;
  const qemu = await realpath(await resolveBinary(options.binary ?? "qemu-system-x86_64"));
  const hasNic = spec.network === "user" && spec.hints.nic !== "none";
  const network = hasNic ? await networkTools(log) : undefined;
  const args = [
    ...buildQemuArgs(network ? spec : { ...spec, network: "none" }),
    ...(options.extraArgs ?? []),
  ];
  // setpriv --pdeathsig: the kernel kills QEMU if the agent dies, even by SIGKILL, so no VM goes
  // on showing a user's session with nobody supervising it. setpriv then execs QEMU (same pid),
  // last, so that nothing (unshare's new namespaces) clears the death signal after it.
  const setpriv = await findBinary("setpriv");
  const direct = setpriv ? [setpriv, "--pdeathsig", "KILL", "--", qemu, ...args] : [qemu, ...args];
  const [file, ...argv] = network ? inOwnNetwork(network, direct) : direct;
  log.info({ qemu, args, isNetworkIsolated: network !== undefined }, "starting QEMU");
  const child = execa(file!, argv, {
    reject: false,
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
    buffer: false,
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  let exitedAt: number | undefined;
  child.once("exit", () => {
    exitedAt = performance.now();
  });
  const exit: Promise<MachineExit> = child.then((result) => ({
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    at: exitedAt ?? performance.now(),
    stderrTail: stderrTail(stderr),
  }));
  const machine: Omit<RunningMachine, "qmp"> = {
    pid: child.pid ?? -1,
    exit,
    isRunning: () => exitedAt === undefined,
    kill: (signal = "SIGKILL") => {
      child.kill(signal);
    },
  };
  const qmp = await connectOrExplain(spec, machine, options, log);
  if (!network) return { ...machine, qmp };
  try {
    const link = await linkGuestNetwork({ tools: network, pid: machine.pid, expectedExe: qemu, log });
    void exit.then(link.stop);
  } catch (error) {
    qmp.close();
    machine.kill("SIGKILL");
    await exit;
    throw error;
  }
  return { ...machine, qmp };
}

/** Without them the session still starts, with no network card rather than one into the post. */
async function networkTools(log: Logger): Promise<GuestNetworkTools | undefined> {
  const found = await findGuestNetworkTools();
  if ("missing" in found) {
    log.warn({ missing: found.missing }, `VM without network: ${found.missing} is missing`);
    return undefined;
  }
  return found;
}

async function connectOrExplain(
  spec: MachineSpec,
  machine: Omit<RunningMachine, "qmp">,
  options: LaunchOptions,
  log: Logger,
): Promise<QmpClient> {
  const died = new AbortController();
  void machine.exit.then(() => died.abort());
  let qmp: QmpClient | undefined;
  try {
    qmp = await QmpClient.connect(spec.qmpSocket, {
      timeoutMs: options.startTimeoutMs ?? 15_000,
      signal: died.signal,
      log,
    });
    return qmp;
  } catch (error) {
    qmp?.close();
    if (machine.isRunning()) machine.kill("SIGKILL");
    const end = await machine.exit;
    const how = died.signal.aborted
      ? `QEMU s'est arrêté au démarrage (code ${end.exitCode ?? end.signal})`
      : "QEMU ne répond pas au démarrage";
    throw new VmError("qemu_crashed", `${how} : ${end.stderrTail || (error as Error).message}`, {
      cause: error,
      details: { exitCode: end.exitCode, signal: end.signal, stderrTail: end.stderrTail },
    });
  }
}
