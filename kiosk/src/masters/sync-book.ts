import type { MasterRef, MasterSync } from "@tremplin/domain/device";

const maxProblemLength = 500;

/**
 * Where each master version stands on this post, for the heartbeat: kept in memory by the
 * process that syncs (the agent), the last word per version winning.
 */
export class SyncBook {
  private readonly entries = new Map<string, MasterSync>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  update(ref: MasterRef, change: Omit<MasterSync, "name" | "version" | "updatedAt">): MasterSync {
    const entry: MasterSync = {
      name: ref.name,
      version: ref.version,
      ...change,
      updatedAt: this.now().toISOString(),
    };
    // The heartbeat carries it: bounded, so that a long error never gets the beat refused.
    if (change.problem) entry.problem = change.problem.slice(0, maxProblemLength);
    else delete entry.problem;
    this.entries.set(`${ref.name}@${ref.version}`, entry);
    return entry;
  }

  get(ref: MasterRef): MasterSync | undefined {
    return this.entries.get(`${ref.name}@${ref.version}`);
  }

  list(): MasterSync[] {
    return [...this.entries.values()];
  }
}
