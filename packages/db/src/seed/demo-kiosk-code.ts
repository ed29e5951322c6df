import { registrationCodeTtlMs } from "@tremplin/domain/fleet";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { hashDeviceSecret, newRegistrationCode } from "../device-secrets";
import { auditLog, kiosks, rooms } from "../schema/index";
import { demoId } from "./demo-ids";
import { demoKioskLabel } from "./demo-places";

/**
 * A fresh one-time registration code for the demo kiosk (`ALB-S1-P01`), so that `npm start`
 * can register its demo agent. Only the code's hash is stored, so every call makes a new code
 * (the previous one stops working). Registering with it replaces the post's token, if any.
 */
export async function issueDemoKioskCode(db: Db, options: { now: Date }) {
  const code = newRegistrationCode();
  const kioskId = demoId(`kiosk:${demoKioskLabel}`);
  const expiresAt = new Date(options.now.getTime() + registrationCodeTtlMs);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(kiosks)
      .set({ registrationCodeHash: hashDeviceSecret(code, "code"), registrationCodeExpiresAt: expiresAt })
      .where(eq(kiosks.id, kioskId))
      .returning({ id: kiosks.id, label: kiosks.label, roomId: kiosks.roomId });
    if (!row) throw new Error(`demo kiosk ${demoKioskLabel} not found: run seedDemo first`);
    const [room] = await tx.select({ name: rooms.name }).from(rooms).where(eq(rooms.id, row.roomId));
    await tx.insert(auditLog).values({
      at: options.now,
      actorLabel: "npm start (démo)",
      action: "kiosk.code_issued",
      entityType: "kiosk",
      entityId: row.id,
      details: { label: row.label, expiresAt: expiresAt.toISOString() },
    });
    return { code, kioskId: row.id, label: row.label, room: { id: row.roomId, name: room!.name }, expiresAt };
  });
}
