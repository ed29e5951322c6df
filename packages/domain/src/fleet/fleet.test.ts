import { describe, expect, it } from "vitest";
import { type KioskSnapshot, kioskStatus, kioskWarningsOf } from "./health";
import { registrationCodeFrom } from "./registration-code";
import { type ReadinessPost, roomReadiness } from "./room-readiness";

const now = new Date("2026-11-23T15:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const minute = 60_000;

function snapshot(over: Partial<KioskSnapshot> = {}): KioskSnapshot {
  return {
    registeredAt: ago(86_400_000),
    revokedAt: null,
    lastSeenAt: ago(30_000),
    accelerator: "kvm",
    outboxDepth: 0,
    diskFreeBytes: 100 * 1024 ** 3,
    agentState: "idle",
    ...over,
  };
}

describe("registration codes", () => {
  it("spell one unambiguous symbol per random byte, in groups of five", () => {
    const random = Uint8Array.from({ length: 15 }, (_, i) => i * 17);
    expect(registrationCodeFrom(random)).toBe("0H2K4-N6Q8S-AVCXE");
    expect(registrationCodeFrom(Uint8Array.of(32, 64, 255))).toBe("00Z");
  });
});

describe("kiosk status", () => {
  it("moves from online to stale to offline with the silence", () => {
    expect(kioskStatus(snapshot({ lastSeenAt: ago(2 * minute) }), now)).toBe("online");
    expect(kioskStatus(snapshot({ lastSeenAt: ago(3 * minute) }), now)).toBe("stale");
    expect(kioskStatus(snapshot({ lastSeenAt: ago(15 * minute) }), now)).toBe("offline");
  });

  it("tells revoked, unregistered and silent posts apart", () => {
    expect(kioskStatus(snapshot({ revokedAt: ago(1) }), now)).toBe("revoked");
    expect(kioskStatus(snapshot({ registeredAt: null, lastSeenAt: null }), now)).toBe("unregistered");
    expect(kioskStatus(snapshot({ lastSeenAt: null }), now)).toBe("never_seen");
  });

  it("warns about TCG, a short disk, a backlog and an agent in error", () => {
    expect(kioskWarningsOf(snapshot())).toEqual([]);
    const bad = snapshot({ accelerator: "tcg", diskFreeBytes: 5e9, outboxDepth: 40, agentState: "error" });
    expect(kioskWarningsOf(bad)).toEqual(["no_kvm", "low_disk", "outbox_backlog", "agent_error"]);
  });

  it("warns while the kiosk OS's last update rolled back or was refused, not once one installs", () => {
    expect(kioskWarningsOf(snapshot({ osUpdateOutcome: "rolled_back" }))).toEqual(["os_update_failed"]);
    expect(kioskWarningsOf(snapshot({ osUpdateOutcome: "refused" }))).toEqual(["os_update_failed"]);
    expect(kioskWarningsOf(snapshot({ osUpdateOutcome: "installed" }))).toEqual([]);
    expect(kioskWarningsOf(snapshot({ osUpdateOutcome: null }))).toEqual([]);
  });
});

describe("room readiness", () => {
  const win11 = { name: "windows-11", version: "2026.11" };
  const post = (label: string, over: Partial<ReadinessPost> = {}): ReadinessPost => ({
    label,
    registeredAt: ago(86_400_000),
    revokedAt: null,
    lastSeenAt: ago(minute),
    masters: [{ ...win11, verified: true }],
    ...over,
  });
  const session = { id: "s1", title: "Excel", startsAt: now, master: win11, enrolled: 2 };

  it("is ready when every active post holds the verified master", () => {
    const r = roomReadiness([session], [post("P1"), post("P2"), post("P3", { revokedAt: ago(1) })], now);
    expect(r).toEqual({ state: "ready", readyPosts: 2, activePosts: 2, reasons: [] });
  });

  it("is partial when some posts lack it, and says how many", () => {
    const r = roomReadiness(
      [session],
      [post("P1"), post("P2", { masters: [{ ...win11, verified: false }] })],
      now,
    );
    expect(r.state).toBe("partial");
    expect(r.reasons).toContain("windows-11 2026.11 absent ou non vérifié sur 1 poste.");
    expect(r.reasons).toContain("2 inscrits pour 1 poste prêt.");
  });

  it("is not ready without a master, or with posts silent for a day", () => {
    expect(roomReadiness([{ ...session, master: null }], [post("P1")], now).state).toBe("not_ready");
    const silent = roomReadiness([session], [post("P1", { lastSeenAt: ago(25 * 3600_000) })], now);
    expect(silent.state).toBe("not_ready");
    expect(silent.reasons).toContain("1 poste sans nouvelles depuis plus de 24 h.");
  });

  it("has nothing to say about a room with no session", () => {
    expect(roomReadiness([], [post("P1")], now).state).toBe("no_session");
  });
});
