import "server-only";
import type { Db } from "@tremplin/db/client";
import { ingestDeviceEvents } from "@tremplin/db/queries/device-events";
import type { DeviceIdentity } from "@tremplin/db/queries/devices";
import { type EventsResponse, eventsRequestSchema } from "@tremplin/domain/device";
import { parseOrThrow } from "@tremplin/domain/errors";

/** A batch from the post's outbox: each event id stored once, attendance derived from the new ones. */
export async function ingestKioskEvents(
  db: Db,
  device: DeviceIdentity,
  body: unknown,
  now: Date,
): Promise<EventsResponse> {
  const { events } = parseOrThrow(eventsRequestSchema, body, "Lot d'événements");
  return ingestDeviceEvents(db, { kioskId: device.kioskId, roomId: device.roomId, events, now });
}
