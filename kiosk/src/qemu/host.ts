import si from "systeminformation";
import type { HostResources } from "./hints";

/** Total RAM and CPU cores of this post, as systeminformation reads them. */
export async function readHostResources(): Promise<HostResources> {
  const [mem, cpu] = await Promise.all([si.mem(), si.cpu()]);
  return { totalMemoryMiB: Math.floor(mem.total / (1024 * 1024)), cores: Math.max(1, cpu.cores) };
}
