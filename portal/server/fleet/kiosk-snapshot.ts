import "server-only";
import type { FleetKioskRow } from "@tremplin/db/queries/fleet";
import { masterRefSchema, systemStateSchema } from "@tremplin/domain/device";
import type { KioskSnapshot } from "@tremplin/domain/fleet";
import { z } from "zod";

/**
 * The latest heartbeat as stored on the kiosk row (see `recordHeartbeat`). Read leniently: a
 * row written by an older agent may lack a field, which then shows as unknown, not as an error.
 */
const storedInventorySchema = z.object({
  disk: z.object({ freeBytes: z.number(), totalBytes: z.number() }).nullish().catch(null),
  masters: z
    .array(masterRefSchema.extend({ verified: z.boolean() }))
    .catch([])
    .default([]),
  state: z.string().nullish().catch(null),
  hostname: z.string().nullish().catch(null),
  acceleratorReason: z.string().nullish().catch(null),
  /** The kiosk OS's version, slot and last update; absent from hand-installed agents. */
  system: systemStateSchema.nullish().catch(null),
});
export type StoredInventory = z.infer<typeof storedInventorySchema>;

export function storedInventory(row: Pick<FleetKioskRow, "inventory">): StoredInventory {
  const parsed = storedInventorySchema.safeParse(row.inventory ?? {});
  return parsed.success
    ? parsed.data
    : { disk: null, masters: [], state: null, hostname: null, acceleratorReason: null, system: null };
}

export function snapshotOf(row: FleetKioskRow): KioskSnapshot {
  const inv = storedInventory(row);
  return {
    registeredAt: row.registeredAt,
    revokedAt: row.revokedAt,
    lastSeenAt: row.lastSeenAt,
    accelerator: row.accelerator,
    outboxDepth: row.outboxDepth,
    diskFreeBytes: inv.disk?.freeBytes ?? null,
    agentState: inv.state ?? null,
    osUpdateOutcome: inv.system?.lastUpdate?.outcome ?? null,
  };
}
