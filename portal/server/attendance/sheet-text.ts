import "server-only";
import type { AttendanceRow } from "@tremplin/db/queries/attendance";
import type { SessionDetail } from "@tremplin/db/queries/planning";
import {
  formatHours,
  type HalfDayPresence,
  type HalfDayStatus,
  type Period,
} from "@tremplin/domain/attendance";
import { frenchTime } from "@tremplin/domain/schedule";

// The exports are documents for an audit: French only, whatever the interface language.

export const periodLabel: Record<Period, string> = { am: "Matin", pm: "Après-midi" };
export const statusLabel: Record<HalfDayStatus, string> = {
  present: "Présent",
  absent: "Absent",
  pending: "En cours",
  upcoming: "À venir",
};

export function frenchDate(instant: Date, timeZone: string, style: "long" | "short" = "long"): string {
  return new Intl.DateTimeFormat("fr-FR", {
    timeZone,
    ...(style === "long"
      ? { weekday: "long", day: "numeric", month: "long", year: "numeric" }
      : { dateStyle: "short" }),
  }).format(instant);
}

export function frenchDateTime(instant: Date, timeZone: string): string {
  return `${frenchDate(instant, timeZone, "short")} à ${frenchTime(instant, timeZone)}`;
}

/** "du lundi 23 novembre 2026 au vendredi 27 novembre 2026", or one date for a one-day session. */
export function sessionDates(session: SessionDetail): string {
  const first = frenchDate(session.startsAt, session.timezone);
  const last = frenchDate(session.endsAt, session.timezone);
  return first === last ? `le ${first}` : `du ${first} au ${last}`;
}

export function sessionPlace(session: SessionDetail): string {
  if (!session.roomName) return "À distance";
  return `${session.siteName} — ${session.roomName} (${session.siteCity})`;
}

/** One piece of evidence in a sentence: "Poste ALB-S1-P03 8h27–12h31". */
export function describeEvidence(record: AttendanceRow, timeZone: string): string {
  const from = frenchTime(record.startedAt, timeZone);
  const to = record.endedAt ? frenchTime(record.endedAt, timeZone) : undefined;
  const span = to ? `${from}–${to}` : `depuis ${from}`;
  switch (record.source) {
    case "kiosk":
      return `Connexion au poste ${record.kioskLabel ?? "?"} ${span}`;
    case "remote":
      return `Activité à distance ${span}`;
    case "signature":
      return `Confirmation du stagiaire à ${from}`;
    default:
      return `Correction ${span}`;
  }
}

/** The learner's own confirmation: "Confirmée par le stagiaire le 23/11/2026 à 12:34 (poste P03)". */
export function describeConfirmation(record: AttendanceRow | undefined, timeZone: string): string {
  if (!record) return "Non confirmée";
  const channel = record.kioskLabel ? `poste ${record.kioskLabel}` : "portail";
  return `Confirmée par le stagiaire le ${frenchDateTime(record.startedAt, timeZone)} (${channel})`;
}

export function describeCell(cell: HalfDayPresence<AttendanceRow>, timeZone: string) {
  const correction = cell.correction;
  return {
    status: statusLabel[cell.status],
    // The learner's confirmation has its own column: not repeated among the logons.
    evidence: cell.evidence.filter((r) => r.source !== "signature").map((r) => describeEvidence(r, timeZone)),
    confirmation: describeConfirmation(cell.confirmation, timeZone),
    posts: [...new Set(cell.evidence.flatMap((r) => (r.kioskLabel ? [r.kioskLabel] : [])))],
    evidenced: formatHours(cell.evidencedMs),
    retained: formatHours(cell.retainedMs),
    correction: correction
      ? `${statusLabel[correction.status]} — par ${correction.recordedByName ?? "?"} le ${frenchDateTime(correction.createdAt, timeZone)}`
      : "",
    reason: correction?.reason ?? "",
  };
}

/** `3,50`: decimal hours with a French comma, which Excel sums. */
export function decimalHours(ms: number): string {
  return (ms / 3600_000).toFixed(2).replace(".", ",");
}
