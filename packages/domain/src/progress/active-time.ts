/**
 * Honest active time: the browser counts a second only while the tab is visible and the
 * learner did something in the last `idleSeconds`, and reports every `intervalSeconds`.
 * The server never credits more than `maxBeatSeconds` per beat, nor more than the wall-clock
 * time since the learner's previous beat on any module (two tabs do not count twice).
 */
export const activeTime = {
  intervalSeconds: 30,
  idleSeconds: 180,
  maxBeatSeconds: 60,
  /** Tolerance for network jitter between two beats. */
  slackSeconds: 3,
} as const;

export function creditedSeconds(input: {
  claimedSeconds: number;
  lastBeatAt: Date | null;
  now: Date;
}): number {
  const claimed = Number.isFinite(input.claimedSeconds) ? Math.floor(input.claimedSeconds) : 0;
  const capped = Math.min(Math.max(claimed, 0), activeTime.maxBeatSeconds);
  if (!input.lastBeatAt) return capped;
  const elapsed = Math.floor((input.now.getTime() - input.lastBeatAt.getTime()) / 1000);
  return Math.max(0, Math.min(capped, elapsed + activeTime.slackSeconds));
}
