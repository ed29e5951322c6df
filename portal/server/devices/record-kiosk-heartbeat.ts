import "server-only";
import type { Db } from "@tremplin/db/client";
import { type DeviceIdentity, recordHeartbeat } from "@tremplin/db/queries/devices";
import { type HeartbeatResponse, heartbeatRequestSchema } from "@tremplin/domain/device";
import { parseOrThrow } from "@tremplin/domain/errors";

/** The post's state and inventory; `lastSeenAt` is the portal's clock, not the post's. */
export async function recordKioskHeartbeat(
  db: Db,
  device: DeviceIdentity,
  body: unknown,
  now: Date,
): Promise<HeartbeatResponse> {
  const beat = parseOrThrow(heartbeatRequestSchema, body, "Battement de cœur");
  await recordHeartbeat(db, device.kioskId, beat, now);
  return { receivedAt: now.toISOString() };
}
