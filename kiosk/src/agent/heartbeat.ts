import type { HeartbeatRequest, MasterSync, SystemState } from "@tremplin/domain/device";
import { isAppError } from "@tremplin/domain/errors";
import type { Logger } from "pino";
import { listMasters } from "../masters/catalog";
import type { Outbox } from "../outbox/outbox";
import type { DeviceClient } from "../portal/device-client";
import { agentVersion } from "../version";
import { readInventory } from "./inventory";
import type { AgentStatus } from "./status";

type Options = {
  client: DeviceClient;
  log: Logger;
  dataDir: string;
  mastersDir: string;
  outbox: Outbox;
  status: () => AgentStatus;
  /** Where the night sync stands per master version (absent: no sync configured). */
  masterSync?: () => MasterSync[];
  /** What the KVM probe found at start (the running VM's own accelerator wins). */
  probedAccel: () => { accel: "kvm" | "tcg" | null; reason: string | null };
  /** The kiosk OS's version and slot; absent on a post installed by hand. */
  system?: () => SystemState | undefined;
};

/** Builds the heartbeat body from the agent's state and the host's inventory. */
export async function buildHeartbeat(o: Options): Promise<HeartbeatRequest> {
  const status = o.status();
  const probe = o.probedAccel();
  const masters = await listMasters(o.mastersDir);
  return {
    sentAt: new Date().toISOString(),
    agentVersion,
    state: status.state,
    accelerator: status.accel ?? probe.accel,
    acceleratorReason: status.accel ? status.accelReason : probe.reason,
    outboxDepth: o.outbox.depth,
    masters: masters.map((m) => ({ name: m.name, version: m.version, verified: m.isVerified })),
    // The 16 most recent: a few KB, well under the portal's 64 KB per beat.
    ...(o.masterSync ? { masterSync: o.masterSync().slice(-16) } : {}),
    inventory: await readInventory(o.dataDir),
    ...(o.system?.() ? { system: o.system() } : {}),
  };
}

/** Sends a heartbeat every `everyMs`; a failure is logged and the next tick tries again. */
export function startHeartbeat(o: Options & { everyMs: number }): {
  stop: () => void;
  sendNow: () => Promise<boolean>;
} {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sendNow = async (): Promise<boolean> => {
    try {
      await o.client.postHeartbeat(await buildHeartbeat(o));
      return true;
    } catch (error) {
      o.log.warn({ err: isAppError(error) ? error.message : error }, "heartbeat failed");
      return false;
    }
  };
  const tick = async () => {
    await sendNow();
    if (!stopped) timer = setTimeout(tick, o.everyMs).unref();
  };
  timer = setTimeout(tick, 0).unref();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    sendNow,
  };
}
