import "server-only";
import type { Db } from "@tremplin/db/client";
import { hashDeviceSecret, newDeviceToken } from "@tremplin/db/device-secrets";
import { appendAudit } from "@tremplin/db/queries/audit";
import { claimRegistrationCode } from "@tremplin/db/queries/devices";
import { type RegisterResponse, registerRequestSchema } from "@tremplin/domain/device";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";

/**
 * Trades IT's one-time code for a device token. The code works once and until it expires;
 * only the token's hash is kept, so the token in the response is the only copy there is.
 */
export async function registerKiosk(
  db: Db,
  body: unknown,
  options: { now: Date; requestId?: string },
): Promise<RegisterResponse> {
  const input = parseOrThrow(registerRequestSchema, body, "Enregistrement du poste");
  const token = newDeviceToken();
  return db.transaction(async (tx) => {
    const kiosk = await claimRegistrationCode(tx, {
      codeHash: hashDeviceSecret(input.code, "code"),
      tokenHash: hashDeviceSecret(token, "token"),
      agentVersion: input.agentVersion,
      hostname: input.hostname,
      now: options.now,
    });
    if (!kiosk) {
      throw new AppError("unauthenticated", "Code d'enregistrement inconnu, déjà utilisé ou expiré.");
    }
    await appendAudit(tx, {
      at: options.now,
      actorId: null,
      actorLabel: `poste ${kiosk.label} (${input.hostname})`,
      action: "kiosk.registered",
      entityType: "kiosk",
      entityId: kiosk.kioskId,
      details: { hostname: input.hostname, agentVersion: input.agentVersion },
      requestId: options.requestId,
    });
    return {
      kioskId: kiosk.kioskId,
      token,
      label: kiosk.label,
      room: { id: kiosk.roomId, name: kiosk.roomName },
    };
  });
}
