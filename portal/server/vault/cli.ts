// tremplin-vault: the evidence vault's command line, loaded by portal/bin/tremplin-vault.mjs.
//   verify      replays the whole log from the database and checks it against its signed checkpoints
//   checkpoint  prints the latest signed checkpoint
// It reads the database itself (DATABASE_URL, or a copy of the embedded PGlite folder: PGlite
// lives in the portal's process and must not be opened twice) and writes nothing.
import { cp, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Database, openDatabase } from "@tremplin/db/client";
import { databaseEnvSchema, databaseOptionsFromEnv } from "@tremplin/db/config";
import { findLatestCheckpoint } from "@tremplin/db/queries/vault";
import { AppError, type AppErrorCode, isAppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { parseVerifierKey } from "./signed-note";
import { readVaultKeys } from "./vault-keys";
import { type LogReport, verifyLog } from "./verify-log";
import { verifyRemoteLog } from "./verify-remote-log";

z.config(z.locales.fr());

const usage = `tremplin-vault — le journal de preuves des certificats

  tremplin-vault verify [--key CLÉ]… [--json]
      rejoue tout le journal depuis la base : relit chaque entrée, recalcule l'arbre de Merkle,
      vérifie la signature, la racine et l'horodatage de chaque point de contrôle et leur
      cohérence ; nomme chaque entrée modifiée, supprimée ou déplacée
  tremplin-vault verify --portal URL --key CLÉ [--json]
      la même relecture sans accès à la base, depuis les tuiles publiques du journal
      (URL : https://<portail>/api/v1/vault), contre le dernier point de contrôle signé
  tremplin-vault checkpoint
      affiche le dernier point de contrôle signé

  --key CLÉ   clé de vérification du journal (<origine>+<id>+<clé>, celle du paquet de confiance) ;
              par défaut, celle du fichier de clés du portail (TREMPLIN_DATA_DIR/secrets/vault/keys.json)
  --portal    relire le journal publié par ce portail plutôt que la base
  --json      le rapport en JSON

Base : DATABASE_URL (PostgreSQL) ou, sans elle, une copie de TREMPLIN_DATA_DIR/db (PGlite).
Codes de sortie : 0 journal intègre ; 1 erreur d'utilisation ; 2 base injoignable ;
3 journal altéré (chaque anomalie est listée) ; 70 erreur interne (à signaler).
`;

type Env = z.infer<typeof databaseEnvSchema>;

async function openForReading(env: Env): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const options = databaseOptionsFromEnv(env, (p) => path.resolve(p));
  if (options.kind === "postgres") {
    const database = await openDatabase(options);
    return { database, cleanup: () => database.close() };
  }
  const source = options.dataDir!;
  await stat(source).catch(() => {
    throw new AppError(
      "unavailable",
      `Pas de base PGlite dans ${source} (TREMPLIN_DATA_DIR ou DATABASE_URL ?)`,
    );
  });
  const copy = await mkdtemp(path.join(tmpdir(), "tremplin-vault-"));
  await cp(source, copy, { recursive: true });
  const database = await openDatabase({ kind: "pglite", dataDir: copy });
  const cleanup = async () => {
    await database.close();
    await rm(copy, { recursive: true, force: true });
  };
  return { database, cleanup };
}

async function verifierKeys(keys: string[], env: Env): Promise<string[]> {
  if (keys.length > 0) return keys;
  const file = path.resolve(env.TREMPLIN_DATA_DIR, "secrets", "vault", "keys.json");
  return [(await readVaultKeys(file)).verifierKey];
}

const options = {
  key: { type: "string", multiple: true },
  portal: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parseEnv(raw: NodeJS.ProcessEnv): Env {
  const parsed = databaseEnvSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${i.path.join(".")} : ${i.message}`);
  throw new AppError("config_invalid", `Environnement invalide — ${lines.join("; ")}`);
}

async function main(argv: string[], raw: NodeJS.ProcessEnv): Promise<number> {
  const env = parseEnv(raw);
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AppError("invalid_input", `${(error as Error).message}\nAide : tremplin-vault --help`);
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help || !command) {
    console.log(usage);
    return command || parsed.values.help ? 0 : 1;
  }
  if (!["verify", "checkpoint"].includes(command) || extra.length > 0)
    throw new AppError(
      "invalid_input",
      `Commande inconnue : ${parsed.positionals.join(" ")}\nAide : tremplin-vault --help`,
    );
  const portal = parsed.values.portal;
  if (portal !== undefined && (command !== "verify" || !parsed.values.key?.length))
    throw new AppError("invalid_input", "--portal va avec verify et --key (la clé du paquet de confiance).");
  const wanted = command === "verify" ? await verifierKeys(parsed.values.key ?? [], env) : [];
  const keys = wanted.map((k) => {
    try {
      return parseVerifierKey(k);
    } catch (error) {
      throw new AppError("invalid_input", (error as Error).message);
    }
  });
  if (portal !== undefined) {
    if (!URL.canParse(portal) || !/^https?:$/.test(new URL(portal).protocol))
      throw new AppError("invalid_input", `--portal : URL http(s) attendue, reçu ${portal}`);
    return printReport(await verifyRemoteLog(portal, keys), parsed.values.json ?? false);
  }
  const { database, cleanup } = await openForReading(env);
  try {
    if (command === "checkpoint") {
      const latest = await findLatestCheckpoint(database.db);
      if (!latest) throw new AppError("not_found", "Aucun point de contrôle publié.");
      process.stdout.write(latest.note);
      return 0;
    }
    return printReport(await verifyLog(database.db, keys), parsed.values.json ?? false);
  } finally {
    await cleanup();
  }
}

function printReport(report: LogReport, asJson: boolean): number {
  if (asJson) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(`Journal de preuves : ${report.size} entrées, ${report.checkpoints} points de contrôle`);
    for (const problem of report.problems) console.log(`✗ ${problem.message}`);
    if (report.problems.length === 0)
      console.log(
        "✓ intègre : entrées relues, arbre recalculé, signatures, horodatages et cohérence des points de contrôle vérifiés",
      );
  }
  return report.problems.length === 0 ? 0 : 3;
}

const exitCodes: Partial<Record<AppErrorCode, number>> = { unavailable: 2 };

// The one top-level handler: a user error prints its message, a bug its stack (exit 70).
main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isAppError(error)) {
      console.error(`tremplin-vault : ${error.message}`);
      process.exitCode = exitCodes[error.code] ?? 1;
      return;
    }
    console.error(error instanceof Error ? error.stack : error);
    console.error(
      "\ntremplin-vault : erreur interne — merci de la signaler (please report) avec le texte ci-dessus.",
    );
    process.exitCode = 70;
  },
);
