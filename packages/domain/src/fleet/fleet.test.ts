import { describe, expect, it } from "vitest";
import { type KioskSnapshot, kioskStatus, kioskWarningsOf } from "./health";
import {
  formatRegistrationCode,
  hashDeviceSecret,
  newDeviceToken,
  newRegistrationCode,
  normaliseRegistrationCode,
} from "./registration-code";
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
  it("are 15 unambiguous symbols in three groups, different each time", () => {
    const a = newRegistrationCode();
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(newRegistrationCode()).not.toBe(a);
  });

  it("forgive case, spaces, dashes and look-alike letters when typed", () => {
    expect(normaliseRegistrationCode(" 7kq2m-xw9td o1il ")).toBe("7KQ2MXW9TD0111");
    expect(hashDeviceSecret("7kq2m xw9td", "code")).toBe(hashDeviceSecret("7KQ2M-XW9TD", "code"));
    expect(formatRegistrationCode("7kq2mxw9td3hb6r")).toBe("7KQ2M-XW9TD-3HB6R");
  });

  it("hash codes and tokens apart, and tokens carry 256 bits", () => {
    expect(hashDeviceSecret("ABCDEF", "code")).not.toBe(hashDeviceSecret("ABCDEF", "token"));
    expect(newDeviceToken()).toMatch(/^tk_[A-Za-z0-9_-]{43}$/);
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
    expect(r.reasons).toContain("windows-11 2026.11 absent ou non vérifié sur 1 poste(s).");
    expect(r.reasons).toContain("2 inscrits pour 1 poste(s) prêt(s).");
  });

  it("is not ready without a master, or with posts silent for a day", () => {
    expect(roomReadiness([{ ...session, master: null }], [post("P1")], now).state).toBe("not_ready");
    const silent = roomReadiness([session], [post("P1", { lastSeenAt: ago(25 * 3600_000) })], now);
    expect(silent.state).toBe("not_ready");
    expect(silent.reasons).toContain("1 poste(s) sans nouvelles depuis plus de 24 h.");
  });

  it("has nothing to say about a room with no session", () => {
    expect(roomReadiness([], [post("P1")], now).state).toBe("no_session");
  });
});
