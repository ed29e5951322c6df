/** One line of `tremplin-kiosk doctor`. `fail` means the post cannot serve a session. */
export type Check = { label: string; level: "ok" | "warn" | "fail"; detail: string };

const marks = { ok: "✔", warn: "⚠", fail: "✘" } as const;

export function verdict(checks: Check[]): { canServe: boolean; warnings: number; failures: number } {
  const failures = checks.filter((c) => c.level === "fail").length;
  const warnings = checks.filter((c) => c.level === "warn").length;
  return { canServe: failures === 0, warnings, failures };
}

export function formatChecklist(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.label.length));
  const lines = checks.map((c) => `  ${marks[c.level]} ${c.label.padEnd(width)}  ${c.detail}`);
  const v = verdict(checks);
  const summary = v.canServe
    ? `Le poste peut servir${v.warnings ? ` (${v.warnings} avertissement${v.warnings > 1 ? "s" : ""})` : ""}.`
    : `Le poste NE PEUT PAS servir : ${v.failures} problème${v.failures > 1 ? "s" : ""} bloquant${v.failures > 1 ? "s" : ""}.`;
  return `Tremplin — diagnostic du poste\n${lines.join("\n")}\n\n${summary}`;
}

const gib = 1024 ** 3;
export const formatGiB = (bytes: number): string => `${(bytes / gib).toFixed(1)} Gio`;

/** Free space where overlays grow: a session writes into its overlay until logout. */
export function diskCheck(freeBytes: number, where: string): Check {
  const detail = `${formatGiB(freeBytes)} libres sous ${where}`;
  if (freeBytes < 2 * gib)
    return {
      label: "Disque",
      level: "fail",
      detail: `${detail} (< 2 Gio : une session remplirait le disque)`,
    };
  if (freeBytes < 10 * gib) return { label: "Disque", level: "warn", detail: `${detail} (< 10 Gio)` };
  return { label: "Disque", level: "ok", detail };
}

/** The portal's clock against ours: AD's Kerberos tolerates 5 minutes; attendance times need far less. */
export function clockCheck(skewMs: number | undefined): Check {
  if (skewMs === undefined)
    return { label: "Horloge", level: "warn", detail: "écart inconnu (portail injoignable)" };
  const seconds = Math.round(skewMs / 1000);
  const detail = `écart avec le portail : ${seconds >= 0 ? "+" : ""}${seconds} s`;
  if (Math.abs(seconds) > 300)
    return { label: "Horloge", level: "fail", detail: `${detail} (> 5 min : synchronisez NTP)` };
  if (Math.abs(seconds) > 30)
    return { label: "Horloge", level: "warn", detail: `${detail} (> 30 s : vérifiez NTP)` };
  return { label: "Horloge", level: "ok", detail };
}

export function memoryCheck(totalBytes: number, availableBytes: number): Check {
  const detail = `${formatGiB(totalBytes)} au total, ${formatGiB(availableBytes)} disponibles`;
  if (availableBytes < 1 * gib)
    return { label: "Mémoire", level: "fail", detail: `${detail} (< 1 Gio pour la VM)` };
  if (totalBytes < 4 * gib) return { label: "Mémoire", level: "warn", detail: `${detail} (< 4 Gio)` };
  return { label: "Mémoire", level: "ok", detail };
}
