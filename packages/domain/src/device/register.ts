import { z } from "zod";

/**
 * `POST /api/v1/kiosks/register` (no token): IT's one-time code, printed on the portal's kiosk
 * page, is traded once for a device token. The portal stores only the token's hash; a second
 * use of the code, or an expired one, answers 401 `unauthenticated`.
 */
export const registerRequestSchema = z.object({
  code: z.string().trim().min(6).max(128),
  hostname: z.string().min(1).max(255),
  agentVersion: z.string().min(1).max(64),
  /**
   * The physical machine (DMI serial and product name), so the portal can tell which box served
   * as which post when a spare takes over a dead one. Absent from agents older than the kiosk OS;
   * null where the firmware leaves the field empty.
   */
  hardware: z
    .object({
      serial: z.string().trim().max(128).nullable(),
      product: z.string().trim().max(128).nullable(),
    })
    .optional(),
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const registerResponseSchema = z.object({
  kioskId: z.uuid(),
  /** Shown once; the agent writes it to its token file with mode 0600. */
  token: z.string().min(32).max(512),
  label: z.string().min(1),
  room: z.object({ id: z.uuid(), name: z.string().min(1) }),
});
export type RegisterResponse = z.infer<typeof registerResponseSchema>;
