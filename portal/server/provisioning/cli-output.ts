// What tremplin-provision prints and writes from the portal's answer (see request-portal-run.ts).

import { randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { count } from "@tremplin/domain/french";
import type { RunAnswer } from "./request-portal-run";

export type IssuedPassword = { session: string; username: string; password: string };

/** Every initial password of the answer, removed from it: what is printed never carries one. */
export function takePasswords(answer: RunAnswer): IssuedPassword[] {
  const passwords: IssuedPassword[] = [];
  for (const s of answer.sessions) {
    for (const entry of [...s.report.created, ...s.report.updated]) {
      if (entry.initialPassword)
        passwords.push({ session: s.label, username: entry.username, password: entry.initialPassword });
      delete entry.initialPassword;
    }
  }
  return passwords;
}

const csvField = (v: string) => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** A CSV only its owner can read, written whole (temp file, then rename) or not at all. */
export async function writePasswordsFile(
  dir: string,
  answer: RunAnswer,
  passwords: IssuedPassword[],
): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = answer.startedAt.replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  const file = path.join(dir, `provisionnement-${stamp}-${answer.runId.slice(0, 8)}.csv`);
  const lines = [
    "session;identifiant;mot_de_passe_initial",
    ...passwords.map((p) => [p.session, p.username, p.password].map(csvField).join(";")),
  ];
  const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, `\ufeff${lines.join("\r\n")}\r\n`, { mode: 0o600, flag: "wx" });
  await rename(temp, file);
  return file;
}

const headline = {
  succeeded: "Provisionnement terminé",
  partial: "Provisionnement incomplet",
  failed: "Provisionnement impossible",
};

export function printRunReport(answer: RunAnswer, out: (line: string) => void): void {
  const t = answer.totals;
  out(
    `${headline[answer.status]} — ${count(t.created, "créé")}, ${t.updated} mis à jour, ${count(t.disabled, "désactivé")}, ` +
      `${count(t.unchanged, "inchangé")}, ${t.failed} en échec, ${count(t.skipped, "ignoré")} (exécution ${answer.runId.slice(0, 8)})`,
  );
  if (answer.sessions.length === 0 && answer.scope.kind === "upcoming")
    out(`Aucune session dans les ${answer.scope.days} jours.`);
  for (const s of answer.sessions) {
    out(`• ${s.label}`);
    if (s.error) out(`    ERREUR      ${s.error}`);
    for (const c of s.report.created) out(`    créé        ${c.username}`);
    for (const u of s.report.updated) out(`    mis à jour  ${u.username} (${u.changes.join(", ")})`);
    for (const f of s.report.failed) out(`    échec       ${f.username} : ${f.reason}`);
    for (const k of s.skipped) out(`    ignoré      ${k.username} : ${k.reason}`);
    if (s.report.unchanged.length > 0) out(`    inchangés   ${s.report.unchanged.length}`);
  }
  if (answer.sweep) {
    const names = answer.sweep.disabled.map((d) => d.username).join(", ");
    out(`• Comptes expirés désactivés : ${names || "aucun"}`);
    if (answer.sweep.error) out(`    ERREUR      ${answer.sweep.error}`);
  }
}
