/**
 * How the fleet page judges a post from its last heartbeat. The agent beats every 60 s by
 * default: three missed beats make a post *stale* (a hiccup, or an agent busy at boot), a
 * quarter of an hour *offline* (powered off, unplugged or crashed).
 */
export const fleetThresholds = {
  staleAfterMs: 3 * 60_000,
  offlineAfterMs: 15 * 60_000,
  /** Below this, the next master version (often 10–20 GiB) may not fit next to the current one. */
  lowDiskBytes: 20 * 1024 ** 3,
  /** Events waiting to reach the portal: a few is normal, this many means the WAN or the portal is down. */
  outboxBacklog: 20,
  /** A post not heard from for longer cannot be counted on for tomorrow, whatever it last reported. */
  readinessMaxSilenceMs: 24 * 3600_000,
} as const;
export type FleetThresholds = typeof fleetThresholds;

export const kioskStatuses = ["online", "stale", "offline", "never_seen", "unregistered", "revoked"] as const;
export type KioskStatus = (typeof kioskStatuses)[number];

export const kioskWarnings = [
  "no_kvm",
  "low_disk",
  "outbox_backlog",
  "agent_error",
  "os_update_failed",
] as const;
export type KioskWarning = (typeof kioskWarnings)[number];

export type KioskSnapshot = {
  registeredAt: Date | null;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  accelerator: string | null;
  outboxDepth: number | null;
  diskFreeBytes: number | null;
  agentState: string | null;
  /** How the kiosk OS's last update ended (heartbeat's `system`); absent for hand installs. */
  osUpdateOutcome?: "installed" | "rolled_back" | "refused" | null;
};

export function kioskStatus(k: KioskSnapshot, now: Date, t: FleetThresholds = fleetThresholds): KioskStatus {
  if (k.revokedAt) return "revoked";
  if (!k.registeredAt) return "unregistered";
  if (!k.lastSeenAt) return "never_seen";
  const silence = now.getTime() - k.lastSeenAt.getTime();
  if (silence >= t.offlineAfterMs) return "offline";
  if (silence >= t.staleAfterMs) return "stale";
  return "online";
}

/** What deserves a look even on a post that answers. Only meaningful once it has reported. */
export function kioskWarningsOf(k: KioskSnapshot, t: FleetThresholds = fleetThresholds): KioskWarning[] {
  if (!k.lastSeenAt || k.revokedAt) return [];
  const warnings: KioskWarning[] = [];
  if (k.accelerator === "tcg") warnings.push("no_kvm");
  if (k.diskFreeBytes !== null && k.diskFreeBytes < t.lowDiskBytes) warnings.push("low_disk");
  if ((k.outboxDepth ?? 0) >= t.outboxBacklog) warnings.push("outbox_backlog");
  if (k.agentState === "error") warnings.push("agent_error");
  // The post runs, but not the version IT rolled out: it stays flagged until an update takes.
  if (k.osUpdateOutcome === "rolled_back" || k.osUpdateOutcome === "refused")
    warnings.push("os_update_failed");
  return warnings;
}

/** Counts per status, every status present (zero included) so that charts stay aligned. */
export function countByStatus(statuses: KioskStatus[]): Record<KioskStatus, number> {
  const counts = Object.fromEntries(kioskStatuses.map((s) => [s, 0])) as Record<KioskStatus, number>;
  for (const s of statuses) counts[s] += 1;
  return counts;
}
