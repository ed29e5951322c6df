import "server-only";
import type { Db } from "@tremplin/db/client";
import { json, readJson, route } from "@/server/http";
import { authenticateDevice } from "./authenticate-device";
import { getKioskSchedule, matchesEtag } from "./get-kiosk-schedule";
import { ingestKioskEvents } from "./ingest-kiosk-events";
import { recordKioskHeartbeat } from "./record-kiosk-heartbeat";
import { registerKiosk } from "./register-kiosk";

export type DeviceRouteDeps = { getDb: () => Promise<Db>; now?: () => Date };

// A batch of 100 events is about 40 KB; a heartbeat with a long network list a few KB.
const maxBytes = { register: 4_096, events: 256_000, heartbeat: 64_000 };
const noStore = { "cache-control": "no-store" };

/**
 * The device API's handlers, built over a database getter so that tests call them with a real
 * `Request` against their own database. The route files bind them to the portal's database.
 */
export function deviceRoutes(deps: DeviceRouteDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    register: route("kiosks.register", async (request, ctx) => {
      const body = await readJson(request, maxBytes.register);
      const db = await deps.getDb();
      const result = await registerKiosk(db, body, { now: now(), requestId: ctx.requestId });
      ctx.log.info({ kioskId: result.kioskId, label: result.label }, "kiosk registered");
      return json(201, result, noStore);
    }),

    schedule: route("kiosks.schedule", async (request) => {
      const db = await deps.getDb();
      const device = await authenticateDevice(db, request);
      const { etag, body } = await getKioskSchedule(db, device, now());
      // `no-cache`: a cache may keep it but must revalidate, which is what the ETag is for.
      const headers = { etag, "cache-control": "private, no-cache" };
      if (matchesEtag(request.headers.get("if-none-match"), etag)) {
        return new Response(null, { status: 304, headers });
      }
      return json(200, body, headers);
    }),

    events: route("kiosks.events", async (request, ctx) => {
      const db = await deps.getDb();
      const device = await authenticateDevice(db, request);
      const body = await readJson(request, maxBytes.events);
      const result = await ingestKioskEvents(db, device, body, now());
      ctx.log.info(
        {
          kioskId: device.kioskId,
          accepted: result.accepted.length,
          duplicates: result.duplicates.length,
          rejected: result.rejected.length,
        },
        "device events",
      );
      return json(200, result, noStore);
    }),

    heartbeat: route("kiosks.heartbeat", async (request) => {
      const db = await deps.getDb();
      const device = await authenticateDevice(db, request);
      const body = await readJson(request, maxBytes.heartbeat);
      return json(200, await recordKioskHeartbeat(db, device, body, now()), noStore);
    }),
  };
}
