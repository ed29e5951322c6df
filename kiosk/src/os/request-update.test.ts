import { kioskOsMasterName, type SystemState } from "@tremplin/domain/device";
import { describe, expect, it } from "vitest";
import { decideUpdate } from "./request-update";

const system: SystemState = { osVersion: "1", slot: "a", lastUpdate: null };
const target = { name: kioskOsMasterName, version: "2" };
const due = { target, system, synced: true, idle: true, requestPending: false };

describe("decideUpdate", () => {
  it("hands a synced new version to the installer when nobody is in a session", () => {
    expect(decideUpdate(due)).toEqual({ request: true, target });
  });

  it("waits for what is missing, and never retries a version that already failed here", () => {
    expect(decideUpdate({ ...due, target: null })).toMatchObject({ why: "no_target" });
    expect(decideUpdate({ ...due, target: { name: "windows-10", version: "2" } })).toMatchObject({
      why: "no_target",
    });
    expect(decideUpdate({ ...due, target: { ...target, version: "1" } })).toMatchObject({ why: "current" });
    expect(decideUpdate({ ...due, synced: false })).toMatchObject({ why: "not_synced" });
    expect(decideUpdate({ ...due, idle: false })).toMatchObject({ why: "busy" });
    expect(decideUpdate({ ...due, requestPending: true })).toMatchObject({ why: "pending" });
    const failed: SystemState = {
      ...system,
      lastUpdate: { version: "2", outcome: "rolled_back", reason: "x", at: "2026-12-06T02:00:00Z" },
    };
    expect(decideUpdate({ ...due, system: failed })).toMatchObject({ why: "failed_before" });
    expect(decideUpdate({ ...due, system: failed, target: { ...target, version: "3" } }).request).toBe(true);
  });
});
