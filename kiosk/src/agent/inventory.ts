import { access, statfs } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import type { Inventory } from "@tremplin/domain/device";
import si from "systeminformation";

type Static = Pick<Inventory, "cpu" | "os">;
let staticPart: Promise<Static> | undefined;

/** CPU and OS do not change while the agent runs: read them once (systeminformation forks tools). */
function readStatic(): Promise<Static> {
  staticPart ??= (async () => {
    const [cpu, os] = await Promise.all([si.cpu(), si.osInfo()]);
    return {
      cpu: {
        model: `${cpu.manufacturer} ${cpu.brand}`.trim(),
        cores: cpu.cores,
        physicalCores: cpu.physicalCores,
        virtualization: cpu.virtualization,
      },
      os: {
        distro: os.distro,
        release: os.release,
        kernel: os.kernel,
        arch: os.arch,
        hostname: os.hostname || hostname(),
      },
    };
  })();
  return staticPart;
}

/** The post's inventory for the heartbeat; `dataDir` names the file system that holds masters and overlays. */
export async function readInventory(dataDir: string): Promise<Inventory> {
  const [fixed, mem, ifaces, fs] = await Promise.all([
    readStatic(),
    si.mem(),
    si.networkInterfaces(),
    statfs(await existingAncestor(dataDir)),
  ]);
  const list = Array.isArray(ifaces) ? ifaces : [ifaces];
  return {
    ...fixed,
    memory: { totalBytes: mem.total, availableBytes: mem.available },
    disk: { mount: dataDir, totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize },
    network: list
      .filter((n) => !n.internal)
      .map((n) => ({ iface: n.iface, ip4: n.ip4, mac: n.mac, speedMbps: n.speed ?? null })),
    uptimeSeconds: Math.round(si.time().uptime),
  };
}

/** `doctor` may run before the agent ever created its data folder: measure the disk it will be on. */
async function existingAncestor(dir: string): Promise<string> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      await access(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}
