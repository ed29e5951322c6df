import "server-only";
import type { Db } from "@tremplin/db/client";
import { listSessionCertificates } from "@tremplin/db/queries/certificates";
import { getViewableSession } from "@/server/attendance/session-access";
import type { Actor } from "@/server/audit/actor";

export type SessionCertificate = {
  code: string;
  kind: "completion" | "attendance";
  status: "issued" | "revoked" | "superseded" | "purged";
  learnerName: string;
  issuedAt: Date;
  revokedReason: string | null;
};

/**
 * Who is certified in a session, for its trainer (who may revoke or reissue), IT (likewise) and
 * auditors (read only): every certificate, those no longer in force too, with their reasons.
 */
export async function listCertificatesOfSession(
  db: Db,
  input: { actor: Actor; sessionId: unknown },
): Promise<{ certificates: SessionCertificate[]; canManage: boolean }> {
  const { session, canEdit } = await getViewableSession(db, input.actor, input.sessionId);
  const rows = await listSessionCertificates(db, session.id);
  return {
    canManage: canEdit || input.actor.roles.includes("it_admin"),
    certificates: rows.map(({ certificate: c, learnerName }) => ({
      code: c.code,
      kind: c.kind,
      status: c.status,
      learnerName,
      issuedAt: c.issuedAt,
      revokedReason: c.revokedReason,
    })),
  };
}
