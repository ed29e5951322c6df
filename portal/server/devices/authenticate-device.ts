import "server-only";
import type { Db } from "@tremplin/db/client";
import { hashDeviceSecret } from "@tremplin/db/device-secrets";
import { type DeviceIdentity, findDeviceByTokenHash } from "@tremplin/db/queries/devices";
import { AppError } from "@tremplin/domain/errors";

/**
 * The post behind `Authorization: Bearer <device token>`. Unknown and revoked tokens both get
 * `unauthenticated` (401): the agent then stops calling and asks for a new registration.
 * Everything a device may read or write is then scoped to this identity's room.
 */
export async function authenticateDevice(db: Db, request: Request): Promise<DeviceIdentity> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,512})$/i.exec(header.trim());
  if (!match) {
    throw new AppError(
      "unauthenticated",
      "Jeton d'appareil manquant ou mal formé (Authorization: Bearer …).",
    );
  }
  const device = await findDeviceByTokenHash(db, hashDeviceSecret(match[1]!, "token"));
  if (!device) throw new AppError("unauthenticated", "Jeton d'appareil inconnu : enregistrez ce poste.");
  if (device.revokedAt) {
    throw new AppError("unauthenticated", "Ce poste a été révoqué par la DSI : demandez un nouveau code.");
  }
  return device;
}
