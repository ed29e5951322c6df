// tremplin-provision: the scheduled run of Active Directory provisioning (cron, systemd timer),
// loaded by portal/bin/tremplin-provision.mjs. It asks the portal to run (POST
// /api/v1/provisioning/runs) rather than opening the database itself: with the embedded PGlite
// only the portal's process may open it, and the portal keeps the audit trail.

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { AppError, type AppErrorCode, isAppError } from "@tremplin/domain/errors";
import { count } from "@tremplin/domain/french";
import { z } from "zod";
import { printRunReport, takePasswords, writePasswordsFile } from "./cli-output";
import { type RunRequestBody, requestPortalRun } from "./request-portal-run";
import { maxDays } from "./run-request";

// Read by IT in a terminal or the journal: in French, like the rest of the CLI.
z.config(z.locales.fr());

const usage = `tremplin-provision — provisionnement planifié des stagiaires dans l'Active Directory

  tremplin-provision [--days N | --session ID | --sweep-only] [options]

  --days N              sessions en cours ou commençant dans les N jours (défaut 7, ${maxDays} au plus)
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
2 portail ou annuaire indisponible ; 3 des comptes ou des sessions en échec ;
70 erreur interne (à signaler).
`;
const hint = "Aide : tremplin-provision --help";

const envSchema = z.object({
  TREMPLIN_PORTAL_URL: z.string().optional(),
  TREMPLIN_PROVISIONING_TOKEN: z.string().optional(),
});

const options = {
  days: { type: "string" },
  session: { type: "string" },
  "sweep-only": { type: "boolean", default: false },
  "no-sweep": { type: "boolean", default: false },
  "passwords-dir": { type: "string" },
  portal: { type: "string" },
  "token-file": { type: "string" },
  timeout: { type: "string", default: "600" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

const flagsSchema = z
  .object({
    days: z.coerce.number().int().min(0).max(maxDays).optional(),
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
type Flags = z.infer<typeof flagsSchema>;
type Env = z.infer<typeof envSchema>;

/** The flags, or undefined when --help was asked for. */
function parseFlags(argv: string[], env: Env): Flags | undefined {
  let values: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true }));
  } catch (error) {
    throw new AppError("invalid_input", `${(error as Error).message}\n${hint}`);
  }
  const { help, ...rest } = values;
  if (help) return undefined;
  const parsed = flagsSchema.safeParse({
    ...rest,
    portal: rest.portal ?? (env.TREMPLIN_PORTAL_URL || "http://localhost:3000"),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `--${i.path.join(".")} : ${i.message}`);
    throw new AppError("invalid_input", `${lines.join("\n")}\n${hint}`);
  }
  return parsed.data;
}

async function readToken(flags: Flags, env: Env): Promise<string> {
  const file = flags["token-file"];
  const token = file
    ? (
        await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
          throw new AppError("invalid_input", `Jeton illisible (${file}) : ${e.code ?? e.message}`);
        })
      ).trim()
    : env.TREMPLIN_PROVISIONING_TOKEN?.trim();
  if (!token)
    throw new AppError("invalid_input", "Jeton manquant : TREMPLIN_PROVISIONING_TOKEN ou --token-file.");
  return token;
}

function requestBody(flags: Flags): RunRequestBody {
  const sweep = !flags["no-sweep"];
  const includePasswords = Boolean(flags["passwords-dir"]);
  if (flags.session) return { sessionId: flags.session, sweep, includePasswords };
  if (flags["sweep-only"]) return { sweep: true, includePasswords };
  return { days: flags.days ?? 7, sweep, includePasswords };
}

async function main(argv: string[], env: Env): Promise<number> {
  const flags = parseFlags(argv, env);
  if (!flags) {
    console.log(usage);
    return 0;
  }
  const answer = await requestPortalRun({
    portal: flags.portal,
    token: await readToken(flags, env),
    body: requestBody(flags),
    timeoutSeconds: flags.timeout,
  });
  const passwords = takePasswords(answer);
  const issued = answer.sessions
    .flatMap((s) => [...s.report.created, ...s.report.updated])
    .filter((e) => e.initialPasswordIssued);
  if (flags.json) console.log(JSON.stringify(answer, null, 2));
  else printRunReport(answer, console.log);
  const dir = flags["passwords-dir"];
  if (dir && passwords.length > 0) {
    const file = await writePasswordsFile(dir, answer, passwords);
    console.error(
      `Mots de passe initiaux (${passwords.length}) : ${file} — à remettre aux stagiaires, puis à détruire.`,
    );
  } else if (issued.length > 0) {
    console.error(
      `Attention : ${count(issued.length, "mot de passe initial", "mots de passe initiaux")} non ${issued.length < 2 ? "conservé" : "conservés"} (--passwords-dir absent) : ${issued.map((e) => e.username).join(", ")}.`,
    );
  }
  if (!answer.recorded)
    console.error("Attention : le portail n'a pas pu enregistrer cette exécution (voir son journal).");
  return { succeeded: 0, partial: 3, failed: 2 }[answer.status];
}

/** Exit codes of user errors: the portal or the directory out of reach is 2, anything else 1. */
const exitCodes: Partial<Record<AppErrorCode, number>> = { unavailable: 2 };

// The one top-level handler: a user error prints its message, a bug its stack (exit 70).
main(process.argv.slice(2), envSchema.parse(process.env)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isAppError(error)) {
      console.error(`tremplin-provision : ${error.message}`);
      process.exitCode = exitCodes[error.code] ?? 1;
      return;
    }
    console.error(error instanceof Error ? error.stack : error);
    console.error(
      "\ntremplin-provision : erreur interne — merci de la signaler (please report) avec le texte ci-dessus.",
    );
    process.exitCode = 70;
  },
);
