import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { int32Schema, sameUsername } from "./common";
import { eventsRequestSchema, eventsResponseSchema } from "./events";
import { systemStateSchema } from "./heartbeat";
import { registerRequestSchema } from "./register";
import { scheduleResponseSchema } from "./schedule";

const checkIn = {
  id: randomUUID(),
  type: "check_in",
  occurredAt: "2026-11-23T09:02:00+01:00",
  post: "ALB-S1-P01",
  username: "a.dupont",
  sessionId: randomUUID(),
  role: "learner",
  master: { name: "demo-linux", version: "1" },
  accelerator: "tcg",
};

describe("device API contract", () => {
  it("takes a batch of check-in, check-out and error events", () => {
    const batch = {
      events: [
        checkIn,
        { ...checkIn, id: randomUUID(), type: "check_out", checkInId: checkIn.id, reason: "interrupted" },
        {
          id: randomUUID(),
          type: "error",
          occurredAt: checkIn.occurredAt,
          post: "p",
          username: null,
          sessionId: null,
          code: "qemu_crashed",
          message: "…",
        },
      ],
    };
    expect(eventsRequestSchema.parse(batch).events).toHaveLength(3);
  });

  it("names what is wrong in an event", () => {
    const bad = eventsRequestSchema.safeParse({
      events: [{ ...checkIn, id: "42", occurredAt: "hier", type: "check_out", reason: "fatigue" }],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["events.0.id", "events.0.occurredAt", "events.0.reason", "events.0.checkInId"]),
    );
    expect(eventsRequestSchema.safeParse({ events: [] }).success).toBe(false);
    expect(eventsRequestSchema.safeParse({ events: Array(101).fill(checkIn) }).success).toBe(false);
  });

  it("takes a learner's confirmation of presence only for a session and its logon", () => {
    const confirmed = {
      id: randomUUID(),
      type: "presence_confirmed",
      occurredAt: checkIn.occurredAt,
      post: checkIn.post,
      username: checkIn.username,
      sessionId: checkIn.sessionId,
      checkInId: checkIn.id,
    };
    expect(eventsRequestSchema.parse({ events: [confirmed] }).events[0]).toEqual(confirmed);
    const bad = eventsRequestSchema.safeParse({
      events: [{ ...confirmed, sessionId: null, checkInId: undefined }],
    });
    expect(bad.error!.issues.map((i) => i.path.join(".")).sort()).toEqual([
      "events.0.checkInId",
      "events.0.sessionId",
    ]);
  });

  it("reads an events answer without a rejected list as none rejected", () => {
    expect(eventsResponseSchema.parse({ accepted: [checkIn.id], duplicates: [] }).rejected).toEqual([]);
  });

  it("requires a schedule's instants to carry their offset", () => {
    const schedule = {
      kiosk: { id: randomUUID(), label: "P01" },
      room: { id: randomUUID(), name: "Salle 1" },
      timezone: "Europe/Paris",
      generatedAt: "2026-11-23T08:00:00Z",
      sessions: [
        {
          id: randomUUID(),
          trainingTitle: "Bureautique",
          startsAt: "2026-11-23T09:00:00",
          endsAt: "2026-11-23T12:00:00+01:00",
          trainerUsername: null,
          enrolledUsernames: [],
          master: null,
        },
      ],
    };
    const r = scheduleResponseSchema.safeParse(schedule);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["sessions.0.startsAt"]);
  });

  it("refuses what PostgreSQL cannot store: a year 0 instant, a count past its integer column", () => {
    for (const occurredAt of ["0000-06-01T00:00:00Z", "0001-01-01T00:00:00+14:00"]) {
      const parsed = eventsRequestSchema.safeParse({ events: [{ ...checkIn, occurredAt }] });
      expect(parsed.error?.issues[0]?.path).toEqual(["events", 0, "occurredAt"]);
    }
    expect(
      eventsRequestSchema.safeParse({ events: [{ ...checkIn, occurredAt: "0001-01-01T00:00:00Z" }] }).success,
    ).toBe(true);
    expect(int32Schema.safeParse(2 ** 31).success).toBe(false);
    expect(int32Schema.safeParse(2 ** 31 - 1).success).toBe(true);
  });

  it("compares AD logon names without case", () => {
    expect(sameUsername(" A.Dupont", "a.dupont")).toBe(true);
    expect(sameUsername("a.dupont", "a.dupond")).toBe(false);
    expect(registerRequestSchema.safeParse({ code: "abc", hostname: "nuc", agentVersion: "1" }).success).toBe(
      false,
    );
  });

  it("takes the kiosk OS's fields and still takes an older agent's payload without them", () => {
    const register = { code: "ABCDEF12", hostname: "nuc", agentVersion: "1" };
    expect(registerRequestSchema.parse(register).hardware).toBeUndefined();
    const withHardware = registerRequestSchema.parse({
      ...register,
      hardware: { serial: " G6NUC0042 ", product: null },
    });
    expect(withHardware.hardware).toEqual({ serial: "G6NUC0042", product: null });
    const rolledBack = {
      osVersion: "2026.12.1",
      slot: "a",
      lastUpdate: {
        version: "2026.12.2",
        outcome: "rolled_back",
        reason: "pas de signe de vie",
        at: "2026-12-06T02:10:00Z",
      },
    };
    expect(systemStateSchema.parse(rolledBack).lastUpdate?.outcome).toBe("rolled_back");
    const bad = systemStateSchema.safeParse({
      ...rolledBack,
      slot: "c",
      lastUpdate: { ...rolledBack.lastUpdate, outcome: "ok" },
    });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["slot", "lastUpdate.outcome"]);
  });
});
