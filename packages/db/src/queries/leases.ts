import { and, eq, gte, lt, or } from "drizzle-orm";
import type { Db } from "../client";
import { leases } from "../schema/index";

export type LeaseName = "vault-publisher" | "masters-store";

/**
 * Takes or renews the lease `name` for `holder` until `until`: true if this holder now has it
 * (it was free, expired, or already its own). One statement, so two processes racing for an
 * expired lease cannot both win.
 */
export async function takeLease(
  db: Db,
  input: { name: LeaseName; holder: string; now: Date; until: Date },
): Promise<boolean> {
  const rows = await db
    .insert(leases)
    .values({ name: input.name, holder: input.holder, expiresAt: input.until })
    .onConflictDoUpdate({
      target: leases.name,
      set: { holder: input.holder, expiresAt: input.until },
      setWhere: or(eq(leases.holder, input.holder), lt(leases.expiresAt, input.now)),
    })
    .returning({ holder: leases.holder });
  return rows.length === 1;
}

/**
 * Extends a lease its holder still has: false once it expired, even if nobody took it since (a
 * holder that must not have been interrupted, such as a garbage collection, stops then).
 */
export async function renewLease(
  db: Db,
  input: { name: LeaseName; holder: string; now: Date; until: Date },
): Promise<boolean> {
  const rows = await db
    .update(leases)
    .set({ expiresAt: input.until })
    .where(
      and(eq(leases.name, input.name), eq(leases.holder, input.holder), gte(leases.expiresAt, input.now)),
    )
    .returning({ name: leases.name });
  return rows.length === 1;
}

/** Gives the lease up: another holder may take it at once. */
export async function releaseLease(db: Db, input: { name: LeaseName; holder: string }): Promise<void> {
  await db
    .update(leases)
    .set({ expiresAt: new Date(0) })
    .where(and(eq(leases.name, input.name), eq(leases.holder, input.holder)));
}
