export type Waiting = { id: string; waitlistedAt: Date | null; createdAt: Date };

/** First come, first served: who joined the list first, then who enrolled first. */
export function waitingOrder(a: Waiting, b: Waiting): number {
  const at = (w: Waiting) => (w.waitlistedAt ?? w.createdAt).getTime();
  return at(a) - at(b) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
}

/**
 * Who takes the free seats of a session: as many as are free, in waiting order. A session that
 * has started, ended or been cancelled promotes nobody (a seat then is of no use).
 */
export function planPromotions(input: {
  capacity: number;
  seatsTaken: number;
  waiting: Waiting[];
  session: { startsAt: Date; cancelledAt: Date | null };
  now: Date;
}): string[] {
  if (input.session.cancelledAt || input.session.startsAt.getTime() <= input.now.getTime()) return [];
  const free = Math.max(0, input.capacity - input.seatsTaken);
  return [...input.waiting]
    .sort(waitingOrder)
    .slice(0, free)
    .map((w) => w.id);
}
