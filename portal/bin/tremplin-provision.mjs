#!/usr/bin/env node
// The scheduled run of Active Directory provisioning (cron, systemd timer). It asks the portal
// to run (POST /api/v1/provisioning/runs) rather than opening the database itself: with the
// embedded PGlite only the portal's process may open it, and the portal keeps the audit trail.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";

z.config(z.locales.fr());

const usage = `tremplin-provision — provisionnement planifié des stagiaires dans l'Active Directory

  tremplin-provision [--days N | --session ID | --sweep-only] [options]

  --days N              sessions en cours ou commençant dans les N jours (défaut 7, 60 au plus)
  --session ID          une seule session (UUID)
  --sweep-only          seulement désactiver les comptes expirés (fin de session + délai de grâce)
  --no-sweep            ne pas désactiver les comptes expirés
  --passwords-dir DIR   écrire les mots de passe initiaux dans DIR (fichier CSV lisible du seul
                        propriétaire) ; sans cette option, ils ne sont ni demandés ni affichés
  --portal URL          adresse du portail (défaut : TREMPLIN_PORTAL_URL ou http://localhost:3000)
  --token-file FILE     lire le jeton dans FILE plutôt que dans TREMPLIN_PROVISIONING_TOKEN
  --timeout S           délai maximal en secondes (défaut 600)
  --json                afficher le rapport en JSON (sans mot de passe)

Codes de sortie : 0 tout est fait ; 1 erreur d'utilisation ou refus du portail ;
2 portail ou annuaire indisponible ; 3 des comptes ou des sessions en échec.
`;

const hint = "Aide : tremplin-provision --help";

class Exit extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const flagsSchema = z
  .object({
    days: z.coerce.number().int().min(0).max(60).optional(),
    session: z.uuid().optional(),
    "sweep-only": z.boolean(),
    "no-sweep": z.boolean(),
    "passwords-dir": z.string().min(1).optional(),
    portal: z.url({ protocol: /^https?$/ }),
    "token-file": z.string().min(1).optional(),
    timeout: z.coerce.number().int().min(1).max(3600),
    json: z.boolean(),
  })
  .refine((f) => [f.days !== undefined, Boolean(f.session), f["sweep-only"]].filter(Boolean).length <= 1, {
    message: "--days, --session et --sweep-only s'excluent",
    path: ["days"],
  })
  .refine((f) => !(f["sweep-only"] && f["no-sweep"]), {
    message: "--sweep-only contredit --no-sweep",
    path: ["no-sweep"],
  });

function parseFlags(argv, env) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        days: { type: "string" },
        session: { type: "string" },
        "sweep-only": { type: "boolean", default: false },
        "no-sweep": { type: "boolean", default: false },
        "passwords-dir": { type: "string" },
        portal: { type: "string", default: env.TREMPLIN_PORTAL_URL || "http://localhost:3000" },
        "token-file": { type: "string" },
        timeout: { type: "string", default: "600" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new Exit(1, `${error.message}\n${hint}`);
  }
  if (values.help) throw new Exit(0, usage);
  const { help: _, ...rest } = values;
  const parsed = flagsSchema.safeParse(rest);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `--${i.path.join(".")} : ${i.message}`);
    throw new Exit(1, `${lines.join("\n")}\n${hint}`);
  }
  return parsed.data;
}

async function readToken(flags, env) {
  const token = flags["token-file"]
    ? (
        await readFile(flags["token-file"], "utf8").catch((e) => {
          throw new Exit(1, `Jeton illisible (${flags["token-file"]}) : ${e.code ?? e.message}`);
        })
      ).trim()
    : env.TREMPLIN_PROVISIONING_TOKEN?.trim();
  if (!token) throw new Exit(1, "Jeton manquant : TREMPLIN_PROVISIONING_TOKEN ou --token-file.");
  return token;
}

function requestBody(flags) {
  const sweep = !flags["no-sweep"];
  const includePasswords = Boolean(flags["passwords-dir"]);
  if (flags.session) return { sessionId: flags.session, sweep, includePasswords };
  if (flags["sweep-only"]) return { sweep: true, includePasswords };
  return { days: flags.days ?? 7, sweep, includePasswords };
}

async function callPortal(flags, token) {
  const url = new URL("/api/v1/provisioning/runs", flags.portal);
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(requestBody(flags)),
      signal: AbortSignal.timeout(flags.timeout * 1000),
    });
  } catch (error) {
    const why =
      error.name === "TimeoutError"
        ? `pas de réponse en ${flags.timeout} s`
        : (error.cause?.code ?? error.cause?.message ?? error.message);
    throw new Exit(2, `Portail injoignable (${url.origin}) : ${why}`);
  }
  const body = await response.json().catch(() => undefined);
  if (response.ok && body?.runId) return body;
  const message = body?.error?.message ?? `réponse inattendue (HTTP ${response.status})`;
  const issues = (body?.error?.issues ?? []).map((i) => `\n  ${i.path} : ${i.message}`).join("");
  throw new Exit(
    response.status < 500 ? 1 : 2,
    `Refusé par le portail (HTTP ${response.status}) : ${message}${issues}`,
  );
}

/** Every initial password of the answer, then the answer without them. */
function takePasswords(result) {
  const passwords = [];
  for (const s of result.sessions) {
    for (const entry of [...s.report.created, ...s.report.updated]) {
      if (entry.initialPassword)
        passwords.push({ session: s.label, username: entry.username, password: entry.initialPassword });
      delete entry.initialPassword;
    }
  }
  return passwords;
}

const csvField = (v) => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** A CSV only its owner can read, written whole (temp file, then rename) or not at all. */
async function writePasswords(dir, result, passwords) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = result.startedAt.replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  const file = path.join(dir, `provisionnement-${stamp}-${result.runId.slice(0, 8)}.csv`);
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
  partial: "Provisionnement terminé avec des échecs",
  failed: "Provisionnement impossible",
};

function printReport(result, out) {
  const t = result.totals;
  out(
    `${headline[result.status]} — ${t.created} créé(s), ${t.updated} mis à jour, ${t.disabled} désactivé(s), ` +
      `${t.unchanged} inchangé(s), ${t.failed} en échec, ${t.skipped} ignoré(s) (exécution ${result.runId.slice(0, 8)})`,
  );
  if (result.sessions.length === 0 && result.scope.kind === "upcoming")
    out(`Aucune session dans les ${result.scope.days} jours.`);
  for (const s of result.sessions) {
    out(`• ${s.label}`);
    if (s.error) out(`    ERREUR      ${s.error}`);
    for (const c of s.report.created) out(`    créé        ${c.username}`);
    for (const u of s.report.updated) out(`    mis à jour  ${u.username} (${u.changes.join(", ")})`);
    for (const f of s.report.failed) out(`    échec       ${f.username} : ${f.reason}`);
    for (const k of s.skipped) out(`    ignoré      ${k.username} : ${k.reason}`);
    if (s.report.unchanged.length > 0) out(`    inchangés   ${s.report.unchanged.length}`);
  }
  if (result.sweep) {
    const names = result.sweep.disabled.map((d) => d.username).join(", ");
    out(`• Comptes expirés désactivés : ${names || "aucun"}`);
    if (result.sweep.error) out(`    ERREUR      ${result.sweep.error}`);
  }
}

async function main(argv, env, out = console.log, err = console.error) {
  try {
    const flags = parseFlags(argv, env);
    const result = await callPortal(flags, await readToken(flags, env));
    const passwords = takePasswords(result);
    const issued = result.sessions
      .flatMap((s) => [...s.report.created, ...s.report.updated])
      .filter((e) => e.initialPasswordIssued);
    if (flags.json) out(JSON.stringify(result, null, 2));
    else printReport(result, out);
    if (passwords.length > 0) {
      const file = await writePasswords(flags["passwords-dir"], result, passwords);
      err(
        `Mots de passe initiaux (${passwords.length}) : ${file} — à remettre aux stagiaires, puis à détruire.`,
      );
    } else if (issued.length > 0) {
      err(
        `Attention : ${issued.length} mot(s) de passe initial(aux) non conservé(s) (--passwords-dir absent) : ${issued.map((e) => e.username).join(", ")}.`,
      );
    }
    if (!result.recorded)
      err("Attention : le portail n'a pas pu enregistrer cette exécution (voir son journal).");
    return { succeeded: 0, partial: 3, failed: 2 }[result.status] ?? 2;
  } catch (error) {
    if (error instanceof Exit) {
      (error.code === 0 ? out : err)(error.message);
      return error.code;
    }
    err(`Erreur inattendue de tremplin-provision, merci de la signaler :\n${error?.stack ?? error}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2), process.env);
