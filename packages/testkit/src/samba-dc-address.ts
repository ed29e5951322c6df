import { execa } from "execa";

/**
 * Loopback addresses for Samba DCs. Samba binds only to an address an interface carries
 * (FACTS.md), so each DC gets its own 127.0.86.x/32 on `lo`. `ip addr add` fails when the
 * address is already there, which makes claiming atomic between concurrent runs. The label
 * `lo:t<pid>` names the owner, so addresses of runs that died can be reclaimed.
 */
const PREFIX = "127.0.86.";

export async function claimLoopbackAddress(fixed?: string): Promise<string> {
  await reclaimOrphans();
  if (fixed) {
    // A fixed address (the demo's) may already be on `lo` from an earlier start: that is fine.
    const result = await ip(["addr", "add", `${fixed}/32`, "dev", "lo", "label", label()]);
    if (result.exitCode !== 0 && !/File exists/.test(result.stderr)) throw ipError(result.stderr, fixed);
    return fixed;
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    // .1 is kept for the demo DC; tests draw from the rest.
    const candidate = `${PREFIX}${2 + Math.floor(Math.random() * 253)}`;
    const result = await ip(["addr", "add", `${candidate}/32`, "dev", "lo", "label", label()]);
    if (result.exitCode === 0) return candidate;
    if (!/File exists/.test(result.stderr)) throw ipError(result.stderr, candidate);
  }
  throw new Error(`aucune adresse libre dans ${PREFIX}2-254 après 50 essais`);
}

export async function releaseLoopbackAddress(address: string): Promise<void> {
  const result = await ip(["addr", "del", `${address}/32`, "dev", "lo"]);
  if (result.exitCode !== 0 && !/Cannot assign|not found/i.test(result.stderr))
    throw ipError(result.stderr, address);
}

/** Addresses whose owning process is gone (a killed test run) go back to the pool. */
async function reclaimOrphans(): Promise<void> {
  const result = await ip(["-o", "-4", "addr", "show", "dev", "lo"]);
  for (const line of result.stdout.split("\n")) {
    const match = /inet (127\.0\.86\.\d+)\/32 .*\blo:t(\d+)\b/.exec(line);
    if (match && !isAlive(Number(match[2]))) await releaseLoopbackAddress(match[1]!);
  }
}

// Interface labels are limited to 15 characters: "lo:t" plus a pid fits.
const label = () => `lo:t${process.pid}`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const ip = (args: string[]) => execa("ip", args, { reject: false, timeout: 10_000 });
const ipError = (stderr: string, address: string) =>
  new Error(`impossible d'ajouter ${address} à lo (il faut être root) : ${stderr.trim()}`);
