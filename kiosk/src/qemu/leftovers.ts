import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { silentLogger } from "../log";
import { optionValue } from "./machine-args";
import { sessionFilePattern, trashDirName } from "./session-files";

export type LeftoverReport = {
  /** QEMU processes still running on an overlay of this folder, killed. */
  killedPids: number[];
  /** Files deleted (overlays, QMP and VNC sockets, overlays waiting in the trash). */
  removed: string[];
};

/**
 * Call at agent start, before the first login: whatever a crash or a power cut left in
 * `overlayDir` goes — first any QEMU still running on one of its overlays (the agent may have
 * been SIGKILLed while its VM lived on), then the overlays themselves. The previous user's
 * data must never reach the next one.
 */
export async function cleanupLeftovers(
  overlayDir: string,
  options: { log?: Logger } = {},
): Promise<LeftoverReport> {
  const log = options.log ?? silentLogger;
  const dir = path.resolve(overlayDir);
  const killedPids = await killQemuOn(dir, log);
  const removed: string[] = [];
  for (const name of await readdirOrEmpty(dir)) {
    if (!sessionFilePattern.test(name)) continue;
    await rm(path.join(dir, name), { force: true });
    removed.push(path.join(dir, name));
  }
  const trash = path.join(dir, trashDirName);
  for (const name of await readdirOrEmpty(trash)) {
    await rm(path.join(trash, name), { force: true });
    removed.push(path.join(trash, name));
  }
  if (killedPids.length > 0 || removed.length > 0)
    log.warn({ killedPids, removed }, "leftovers of an earlier run removed");
  return { killedPids, removed };
}

/** Processes whose command line opens a session overlay of `dir` (found through /proc). */
export async function findQemuOn(dir: string): Promise<number[]> {
  const needle = `file=${optionValue(path.join(dir, "vm-"))}`;
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8");
    } catch (error) {
      // The process ended between readdir and readFile: nothing to kill.
      if (
        (error as NodeJS.ErrnoException).code === "ENOENT" ||
        (error as NodeJS.ErrnoException).code === "ESRCH"
      )
        continue;
      throw error;
    }
    if (cmdline.split("\0").some((arg) => arg.startsWith(needle))) pids.push(Number(entry));
  }
  return pids;
}

async function killQemuOn(dir: string, log: Logger): Promise<number[]> {
  const pids = await findQemuOn(dir);
  for (const pid of pids) {
    log.warn({ pid }, "QEMU left running by an earlier agent: killing it");
    try {
      process.kill(pid, "SIGKILL");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }
  const deadline = Date.now() + 10_000;
  for (const pid of pids) {
    while (await isAlive(pid)) {
      if (Date.now() > deadline) throw new Error(`QEMU ${pid} survived SIGKILL`);
      await sleep(20);
    }
  }
  return pids;
}

/** Alive and not a zombie: a killed QEMU whose parent is gone may linger as one until reaped. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" ||
      (error as NodeJS.ErrnoException).code === "ESRCH"
    )
      return false;
    throw error;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
