import { randomUUID } from "node:crypto";
import type { DeviceEvent } from "@tremplin/domain/device";

/** A valid error event for outbox tests; `size` pads the message to make writes bigger. */
export function makeErrorEvent(n: number, size = 40): DeviceEvent {
  return {
    id: randomUUID(),
    type: "error",
    occurredAt: new Date().toISOString(),
    post: "poste test",
    username: null,
    sessionId: null,
    code: "test",
    message: `événement ${n} ${"x".repeat(Math.max(0, size - 12))}`.slice(0, 2000),
  };
}
