import "server-only";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@tremplin/db/client";
import { releaseLease, renewLease, takeLease } from "@tremplin/db/queries/leases";
import { AppError } from "@tremplin/domain/errors";

export type StoreLeaseOptions = {
  now: () => Date;
  /** How long the lease lasts unless renewed: a holder that dies frees it after this. */
  ttlMs: number;
  /** How long to wait for another holder to finish before giving up. */
  waitMs: number;
};

/**
 * Runs `work` holding the masters store's lease, which every portal instance shares through
 * the database: a garbage collection holds it all along, an upload's manifest while it checks
 * the chunks and makes the version visible; each calls `renew` before it changes the store,
 * which throws if the lease was lost. So
 * a version never becomes visible naming a chunk that a collection running meanwhile found
 * unused and removed. Busy past `waitMs`: `unavailable` (503), the publisher runs the same
 * command again and resumes.
 */
export async function withStoreLease<T>(
  db: Db,
  options: StoreLeaseOptions,
  work: (renew: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const holder = randomUUID();
  const span = () => {
    const now = options.now();
    return { name: "masters-store" as const, holder, now, until: new Date(now.getTime() + options.ttlMs) };
  };
  const take = () => takeLease(db, span());
  const giveUpAt = options.now().getTime() + options.waitMs;
  while (!(await take())) {
    if (options.now().getTime() >= giveUpAt) {
      throw new AppError(
        "unavailable",
        "Le dépôt des masters est occupé (un nettoyage est en cours) : réessayez dans quelques minutes.",
      );
    }
    await sleep(250);
  }
  // Renewing fails once the lease expired, even if nobody took it meanwhile: whoever could have
  // taken it and let it go may have changed what the work had read.
  const renew = async () => {
    if (!(await renewLease(db, span()))) {
      throw new AppError(
        "unavailable",
        "Le verrou du dépôt des masters a été perdu : opération interrompue.",
      );
    }
  };
  try {
    return await work(renew);
  } finally {
    await releaseLease(db, { name: "masters-store", holder });
  }
}
