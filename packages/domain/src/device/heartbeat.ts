import { z } from "zod";
import { instantSchema, int32Schema, masterRefSchema } from "./common";
import { masterSyncSchema } from "./masters";

/**
 * `POST /api/v1/kiosks/me/heartbeat`, every N seconds. The inventory comes from
 * `systeminformation`; fields it could not read are null rather than guessed.
 */
export const inventorySchema = z.object({
  cpu: z.object({
    model: z.string(),
    cores: z.number().int().nonnegative(),
    physicalCores: z.number().int().nonnegative(),
    /** The CPU advertises VT-x/AMD-V. Says nothing about whether KVM really works (see `accelerator`). */
    virtualization: z.boolean(),
  }),
  memory: z.object({ totalBytes: z.number().nonnegative(), availableBytes: z.number().nonnegative() }),
  /** The file system holding the agent's data (masters, overlays). */
  disk: z.object({
    mount: z.string(),
    totalBytes: z.number().nonnegative(),
    freeBytes: z.number().nonnegative(),
  }),
  network: z.array(
    z.object({
      iface: z.string(),
      ip4: z.string(),
      mac: z.string(),
      speedMbps: z.number().nullable(),
    }),
  ),
  os: z.object({
    distro: z.string(),
    release: z.string(),
    kernel: z.string(),
    arch: z.string(),
    hostname: z.string(),
  }),
  uptimeSeconds: z.number().nonnegative(),
});
export type Inventory = z.infer<typeof inventorySchema>;

export const agentStates = ["idle", "authenticating", "starting", "running", "stopping", "error"] as const;
export type AgentState = (typeof agentStates)[number];

/**
 * The kiosk OS as the post booted it (A/B root slots): its version, the slot it runs from, and
 * how the last update ended. `rolled_back`: the new slot did not report healthy and the boot
 * counter fell back; `refused`: the image did not verify and was never written. IT sees both.
 */
export const systemStateSchema = z.object({
  osVersion: z.string().min(1).max(64),
  slot: z.enum(["a", "b"]),
  lastUpdate: z
    .object({
      version: z.string().min(1).max(64),
      outcome: z.enum(["installed", "rolled_back", "refused"]),
      reason: z.string().max(500).nullable(),
      at: instantSchema,
    })
    .nullable(),
});
export type SystemState = z.infer<typeof systemStateSchema>;

export const heartbeatRequestSchema = z.object({
  sentAt: instantSchema,
  agentVersion: z.string().min(1),
  state: z.enum(agentStates),
  /** What the last VM ran with, or what the probe found; null before any probe. */
  accelerator: z.enum(["kvm", "tcg"]).nullable(),
  acceleratorReason: z.string().nullable(),
  outboxDepth: int32Schema,
  masters: z.array(masterRefSchema.extend({ verified: z.boolean() })),
  /** Masters being synced or refused (absent from agents older than the night sync). */
  masterSync: z.array(masterSyncSchema).max(64).optional(),
  inventory: inventorySchema,
  /** Absent from agents that do not run on the kiosk OS image (hand installs). */
  system: systemStateSchema.optional(),
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;

export const heartbeatResponseSchema = z.object({
  receivedAt: instantSchema,
});
export type HeartbeatResponse = z.infer<typeof heartbeatResponseSchema>;
