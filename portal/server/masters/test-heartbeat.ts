import type { HeartbeatRequest } from "@tremplin/domain/device";

/** A post's heartbeat for tests: idle, a minimal inventory, the masters given. */
export function testHeartbeat(masters: HeartbeatRequest["masters"], now: Date): HeartbeatRequest {
  return {
    sentAt: now.toISOString(),
    agentVersion: "0.1.0",
    state: "idle",
    accelerator: null,
    acceleratorReason: null,
    outboxDepth: 0,
    masters,
    inventory: {
      cpu: { model: "x", cores: 2, physicalCores: 2, virtualization: true },
      memory: { totalBytes: 1, availableBytes: 1 },
      disk: { mount: "/", totalBytes: 1, freeBytes: 1 },
      network: [],
      os: { distro: "d", release: "r", kernel: "k", arch: "x64", hostname: "h" },
      uptimeSeconds: 1,
    },
  };
}
