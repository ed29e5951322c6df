import { type MachineChange, machineChange } from "@tremplin/domain/device";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { kioskMachines, kiosks } from "../schema/index";

export type MachineSeen = {
  serial: string | null;
  product: string | null;
  hostname: string;
};

/**
 * Records the machine a post just registered from, inside the registration's transaction. The
 * same machine again keeps its row (filling in a serial it did not report before); another
 * machine closes the previous row and clears the post's last heartbeat, which described the
 * dead machine (its masters, its disk), so the fleet page waits for the spare's own.
 */
export async function recordKioskMachine(
  db: Db,
  input: MachineSeen & { kioskId: string; now: Date },
): Promise<{ change: MachineChange; previous?: MachineSeen }> {
  const [open] = await db
    .select()
    .from(kioskMachines)
    .where(and(eq(kioskMachines.kioskId, input.kioskId), isNull(kioskMachines.replacedAt)))
    .for("update");
  const seen = { serial: input.serial, product: input.product, hostname: input.hostname };
  const change = machineChange(open, seen);
  if (open && change === "same") {
    await db
      .update(kioskMachines)
      .set({
        serial: input.serial ?? open.serial,
        product: input.product ?? open.product,
        hostname: input.hostname,
      })
      .where(eq(kioskMachines.id, open.id));
    return { change };
  }
  if (open) {
    await db
      .update(kioskMachines)
      .set({
        replacedAt: input.now,
        lastSeenAt: sql`(select ${kiosks.lastSeenAt} from ${kiosks} where ${kiosks.id} = ${input.kioskId})`,
      })
      .where(eq(kioskMachines.id, open.id));
    await db
      .update(kiosks)
      .set({
        lastSeenAt: null,
        accelerator: null,
        outboxDepth: null,
        inventory: { hostname: input.hostname },
      })
      .where(eq(kiosks.id, input.kioskId));
  }
  await db.insert(kioskMachines).values({ kioskId: input.kioskId, ...seen, firstSeenAt: input.now });
  return open
    ? { change, previous: { serial: open.serial, product: open.product, hostname: open.hostname } }
    : { change };
}

export type KioskMachineRow = MachineSeen & {
  kioskId: string;
  firstSeenAt: Date;
  lastSeenAt: Date | null;
  replacedAt: Date | null;
};

/** The machines that served these posts, newest first within each post. */
export async function listKioskMachines(db: Db, kioskIds: readonly string[]): Promise<KioskMachineRow[]> {
  if (kioskIds.length === 0) return [];
  return db
    .select({
      kioskId: kioskMachines.kioskId,
      serial: kioskMachines.serial,
      product: kioskMachines.product,
      hostname: kioskMachines.hostname,
      firstSeenAt: kioskMachines.firstSeenAt,
      lastSeenAt: kioskMachines.lastSeenAt,
      replacedAt: kioskMachines.replacedAt,
    })
    .from(kioskMachines)
    .where(inArray(kioskMachines.kioskId, [...kioskIds]))
    .orderBy(kioskMachines.kioskId, desc(kioskMachines.firstSeenAt));
}
