import "server-only";
import type { Directory } from "@tremplin/directory/client";
import { readLockoutPolicy } from "@tremplin/directory/lockout-policy";
import { assumedLockoutPolicy, type LockoutPolicy } from "@tremplin/domain/auth";

export type LockoutOverride = { threshold?: number; observationWindowMs?: number };

/**
 * The policy to stay below: the stricter of what the domain says and what is configured (the
 * lower threshold, the longer window), or a common hardened setting when neither is known. A
 * threshold of 0 means "never locks": any other one is stricter.
 */
export function effectiveLockoutPolicy(
  read: LockoutPolicy | undefined,
  override: LockoutOverride,
): LockoutPolicy {
  const thresholds = [read?.threshold, override.threshold].filter((t) => t !== undefined);
  const locking = thresholds.filter((t) => t > 0);
  const windows = [read?.observationWindowMs, override.observationWindowMs].filter((w) => w !== undefined);
  return {
    threshold:
      thresholds.length === 0
        ? assumedLockoutPolicy.threshold
        : locking.length > 0
          ? Math.min(...locking)
          : 0,
    observationWindowMs: windows.length > 0 ? Math.max(...windows) : assumedLockoutPolicy.observationWindowMs,
  };
}

const hour = 3_600_000;
let cached: { policy: Promise<LockoutPolicy | undefined>; until: number } | undefined;

/**
 * The domain's policy, read once an hour per process (again a minute after a failed read);
 * undefined when it cannot be read (no service account, DC down), and the caller falls back.
 */
export function findDomainLockoutPolicy(
  directory: Directory,
  now = Date.now(),
): Promise<LockoutPolicy | undefined> {
  if (cached && now < cached.until) return cached.policy;
  const entry: NonNullable<typeof cached> = { policy: Promise.resolve(undefined), until: now + hour };
  entry.policy = readLockoutPolicy(directory).catch((error: unknown) => {
    directory.logger.warn(
      { event: "lockout_policy_unreadable", err: error },
      "politique de verrouillage du domaine illisible : seuil configuré ou supposé",
    );
    entry.until = now + 60_000;
    return undefined;
  });
  cached = entry;
  return entry.policy;
}
