import { readlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import type { Logger } from "pino";
import { findBinary } from "./binaries";
import { stderrTail, VmError } from "./errors";

/**
 * The session VM's network, which must reach the outside and nothing on the post.
 *
 * QEMU's user-mode NAT (slirp) answers the guest's gateway, 10.0.2.2, with the post's own
 * 127.0.0.1: the agent's login API, anything else listening on loopback. QEMU 7.2 has no switch
 * against it (`restrict=on` cuts the outside too), and Debian 12's passt, which has one
 * (`--no-map-gw`), crashes on its first TCP connection (the conn_flag_do bug fixed upstream in
 * March 2023) and would still connect a crafted packet for 127.0.0.1 to the post's loopback.
 *
 * So QEMU runs in a user and network namespace of its own (`unshare`): its slirp's sockets open
 * in there, where loopback is empty and down, whatever the guest sends, however it routes.
 * `slirp4netns --disable-host-loopback` links that namespace to the post's network (a tap device
 * inside, sockets outside), refusing the post's 127.0.0.1. Neither needs privileges: the agent
 * runs as its own user. QEMU's QMP and VNC are unix sockets, which a network namespace does not
 * hide.
 */
export type GuestNetworkTools = { unshare: string; slirp4netns: string };

/** The tools, or why the VM gets no network card (each Debian package named). */
export async function findGuestNetworkTools(): Promise<GuestNetworkTools | { missing: string }> {
  const [unshare, slirp4netns] = await Promise.all([findBinary("unshare"), findBinary("slirp4netns")]);
  if (!unshare) return { missing: "unshare (paquet Debian « util-linux »)" };
  if (!slirp4netns) return { missing: "slirp4netns (paquet Debian « slirp4netns »)" };
  return { unshare, slirp4netns };
}

/** The command that runs `argv` (QEMU) alone in a new user and network namespace; same pid. */
export function inOwnNetwork(tools: GuestNetworkTools, argv: string[]): string[] {
  return [tools.unshare, "--user", "--map-root-user", "--net", "--", ...argv];
}

export type GuestNetworkLink = { stop: () => void };

/**
 * Links the namespace of process `pid` (QEMU, started through `inOwnNetwork`) to the post's
 * network, once that process runs `expectedExe` (before, it may still be in the agent's own
 * namespace). Resolves once slirp4netns says the link is up.
 */
export async function linkGuestNetwork(options: {
  tools: GuestNetworkTools;
  pid: number;
  expectedExe: string;
  timeoutMs?: number;
  log: Logger;
}): Promise<GuestNetworkLink> {
  const { tools, pid, log } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const exe = await exeOf(pid);
    if (exe === options.expectedExe) break;
    if (exe === undefined || Date.now() > deadline) throw linkError(`QEMU (${pid}) n'a pas démarré`, "");
    await sleep(20);
  }
  const setpriv = await findBinary("setpriv");
  const argv = [
    tools.slirp4netns,
    "--configure",
    "--mtu=65520",
    "--disable-host-loopback",
    `--userns-path=/proc/${pid}/ns/user`,
    "--ready-fd=3",
    String(pid),
    "tap0",
  ];
  // Dies with the agent, like QEMU: nothing of a session outlives its supervisor.
  const [file, ...args] = setpriv ? [setpriv, "--pdeathsig", "KILL", "--", ...argv] : argv;
  const child = execa(file!, args, {
    reject: false,
    stdio: ["ignore", "ignore", "pipe", "pipe"],
    buffer: false,
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4096);
  });
  const ready = child.stdio[3];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(linkError("slirp4netns ne répond pas", stderr)),
        options.timeoutMs ?? 10_000,
      );
      ready?.once("data", () => {
        clearTimeout(timer);
        resolve();
      });
      void child.then((result) => {
        clearTimeout(timer);
        reject(linkError(`slirp4netns s'est arrêté (code ${result.exitCode ?? result.signal})`, stderr));
      });
    });
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  log.info({ pid: child.pid, qemuPid: pid }, "guest network linked (slirp4netns, no host loopback)");
  return { stop: () => child.kill("SIGTERM") };
}

async function exeOf(pid: number): Promise<string | undefined> {
  try {
    return await readlink(`/proc/${pid}/exe`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ESRCH") return undefined;
    throw error;
  }
}

function linkError(what: string, stderr: string): VmError {
  return new VmError("network_failed", `Réseau de la machine virtuelle indisponible : ${what}.`, {
    details: { stderrTail: stderrTail(stderr) },
  });
}
