import type { SessionTrainee } from "@tremplin/db/queries/provisioning";
import { defaultTimeZone } from "@tremplin/domain/calendar";

export type TraineeToProvision = {
  userId: string;
  /** A local account without a password: IT enrolled them, AD is where their account will live. */
  isLocalWithoutPassword: boolean;
  trainee: { username: string; displayName: string; email?: string };
};
export type SkippedTrainee = { username: string; displayName: string; reason: string };

/**
 * Who goes into Active Directory. A directory account (`source = directory`) is kept in line
 * with the session; a local account without a password (enrolled by IT, never signed in) gets
 * its AD account now. An external learner who registered with an e-mail and a password keeps
 * signing in locally and is never put in AD; a person disabled in the portal is left alone.
 */
export function selectTrainees(rows: SessionTrainee[]): {
  toProvision: TraineeToProvision[];
  skipped: SkippedTrainee[];
} {
  const toProvision: TraineeToProvision[] = [];
  const skipped: SkippedTrainee[] = [];
  for (const row of rows) {
    const who = { username: row.username, displayName: row.displayName };
    if (row.disabledAt) {
      skipped.push({ ...who, reason: "compte désactivé dans le portail" });
    } else if (row.source === "local" && row.hasLocalPassword) {
      skipped.push({ ...who, reason: "apprenant externe (compte local) : pas de compte dans l'annuaire" });
    } else {
      toProvision.push({
        userId: row.userId,
        isLocalWithoutPassword: row.source === "local",
        trainee: { ...who, ...(row.email ? { email: row.email } : {}) },
      });
    }
  }
  return { toProvision, skipped };
}

/**
 * The AD code of a session, from its id: the group is `ses-<code>` and sAMAccountName allows
 * 20 characters, so 16 hex digits of the UUID (64 bits: no two sessions share one in practice).
 * Derived, never stored: every run finds the same group.
 */
export function sessionCode(sessionId: string): string {
  return sessionId.replaceAll("-", "").slice(0, 16).toLowerCase();
}

const day = new Intl.DateTimeFormat("fr-FR", { timeZone: defaultTimeZone, dateStyle: "short" });

/** `Excel : tableaux croisés — 24/11/2026 au 27/11/2026 — Salle Jaurès`: the group's description. */
export function sessionLabel(session: {
  trainingTitle: string;
  startsAt: Date;
  endsAt: Date;
  roomName: string | null;
}): string {
  const dates = `${day.format(session.startsAt)} au ${day.format(session.endsAt)}`;
  return [session.trainingTitle, dates, session.roomName].filter(Boolean).join(" — ");
}
