/** French typography for documents: non-breaking spaces where the Imprimerie nationale puts them. */
export const nbsp = "\u00a0";
/** Narrow no-break space: before %, ; ! ? and inside figures' thousands. */
export const nnbsp = "\u202f";

const months = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** `2026-11-01` → `1er novembre 2026` (no break inside). */
export function longDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number) as [number, number, number];
  return `${day === 1 ? "1er" : day}${nbsp}${months[month - 1]}${nbsp}${year}`;
}

/** `2026-11-03` → `03/11/2026`. */
export function shortDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-");
  return `${day}/${month}/${year}`;
}

/** 450 → `7 h 30`, 840 → `14 h` (as training documents write durations). */
export function hours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return m === 0 ? `${h}${nbsp}h` : `${h}${nbsp}h${nbsp}${String(m).padStart(2, "0")}`;
}

/** 0.8929 → `89,3 %`. */
export function percent(ratio: number): string {
  return `${(Math.round(ratio * 1000) / 10).toLocaleString("fr-FR")}${nnbsp}%`;
}

/** `12345678900012` → `123 456 789 00012` (SIREN then NIC), other input as given. */
export function siret(value: string): string {
  const digits = value.replace(/\s/g, "");
  return /^\d{14}$/.test(digits)
    ? `${digits.slice(0, 3)}${nbsp}${digits.slice(3, 6)}${nbsp}${digits.slice(6, 9)}${nbsp}${digits.slice(9)}`
    : value;
}

/** `Label : value` with the no-break space French puts before a colon. */
export function labelled(label: string, value: string): string {
  return `${label}${nbsp}: ${value}`;
}
