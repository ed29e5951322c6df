import "server-only";
import { disableExpiredStep } from "./directory-steps";
import { type ProvisioningDeps, withRecordedRun } from "./recorded-run";
import type { ProvisioningResult } from "./report";
import type { RunBy } from "./run-record";

/**
 * Disables the managed OU's accounts whose session ended more than the grace period ago
 * (their `accountExpires` has passed), whichever session they came from: a trainee removed
 * from a session keeps an account until then, never after. Recorded as a run of its own.
 */
export async function sweepExpiredAccounts(
  deps: ProvisioningDeps,
  input: { by: RunBy },
): Promise<ProvisioningResult> {
  return withRecordedRun(
    deps,
    { by: input.by, scope: { kind: "sweep" }, sessionIds: [] },
    async ({ directory, now }) => ({
      sessions: [],
      sweep: await disableExpiredStep(directory, now),
    }),
  );
}
