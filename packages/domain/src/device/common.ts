import { z } from "zod";

/**
 * The device API between a kiosk agent and the portal. Both sides parse with these schemas:
 * the portal its request bodies and the kiosk every response, so a drift fails loudly on
 * whichever side changed first.
 */
export const deviceApiPaths = {
  register: "/api/v1/kiosks/register",
  schedule: "/api/v1/kiosks/me/schedule",
  events: "/api/v1/kiosks/me/events",
  heartbeat: "/api/v1/kiosks/me/heartbeat",
} as const;

/** Every `me/*` call carries `Authorization: Bearer <device token>`; 401 means revoked or unknown. */
export function deviceAuthorization(token: string): string {
  return `Bearer ${token}`;
}

/**
 * An instant on the wire: ISO 8601 with an explicit offset (`Z` or `+01:00`), in years 1 to 9999
 * (PostgreSQL has no year 0, and JavaScript reads "0000" as 1 BC).
 */
export const instantSchema = z.iso
  .datetime({ offset: true })
  .refine((value) => isStorableYear(new Date(value).getUTCFullYear()), {
    message: "date hors limites (années 1 à 9999)",
  });

function isStorableYear(year: number): boolean {
  return year >= 1 && year <= 9999;
}

/** A count stored in a PostgreSQL `integer` column. */
export const int32Schema = z.number().int().min(0).max(2_147_483_647);

/** An AD logon name as typed (sAMAccountName or UPN); compare with `sameUsername`, never `===`. */
export const usernameSchema = z.string().trim().min(1).max(256);

/** AD logon names are case-insensitive. */
export function sameUsername(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export const masterRefSchema = z.object({
  name: z.string().min(1).max(128),
  version: z.string().min(1).max(64),
});
export type MasterRef = z.infer<typeof masterRefSchema>;

/** The portal's error body for every 4xx/5xx (same shape as the rest of `/api/v1`). */
export const deviceErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type DeviceErrorBody = z.infer<typeof deviceErrorBodySchema>;
