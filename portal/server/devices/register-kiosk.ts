import "server-only";
import type { Db } from "@tremplin/db/client";
import { hashDeviceSecret, newDeviceToken } from "@tremplin/db/device-secrets";
import { appendAudit } from "@tremplin/db/queries/audit";
import { claimRegistrationCode } from "@tremplin/db/queries/devices";
import { recordKioskMachine } from "@tremplin/db/queries/kiosk-machines";
import { type RegisterResponse, registerRequestSchema, usableSerial } from "@tremplin/domain/device";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";

/**
 * Trades IT's one-time code for a device token. The code works once and until it expires;
 * only the token's hash is kept, so the token in the response is the only copy there is.
 * The new token replaces the post's previous one: when a spare NUC registers with a dead post's
 * code, the dead machine's token stops working, and the post keeps its label, room and history.
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
    const machine = {
      serial: usableSerial(input.hardware?.serial),
      product: input.hardware?.product || null,
    };
    const { change, previous } = await recordKioskMachine(tx, {
      kioskId: kiosk.kioskId,
      ...machine,
      hostname: input.hostname,
      now: options.now,
    });
    const audit = {
      at: options.now,
      actorId: null,
      actorLabel: `poste ${kiosk.label} (${input.hostname})`,
      entityType: "kiosk",
      entityId: kiosk.kioskId,
      requestId: options.requestId,
    };
    if (previous) {
      await appendAudit(tx, {
        ...audit,
        action: "kiosk.replaced",
        details: {
          label: kiosk.label,
          fromSerial: previous.serial,
          toSerial: machine.serial,
          fromHostname: previous.hostname,
          toHostname: input.hostname,
        },
      });
    }
    await appendAudit(tx, {
      ...audit,
      action: "kiosk.registered",
      details: { hostname: input.hostname, agentVersion: input.agentVersion, ...machine, machine: change },
    });
    return {
      kioskId: kiosk.kioskId,
      token,
      label: kiosk.label,
      room: { id: kiosk.roomId, name: kiosk.roomName },
    };
  });
}
