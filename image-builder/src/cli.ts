import { AppError, isAppError } from "@tremplin/domain/errors";
import { buildHelp, runBuild } from "./commands/build";
import { gcHelp, runGc } from "./commands/gc";
import { importHelp, runImport } from "./commands/import";
import { keygenHelp, runKeygen } from "./commands/keygen";
import { kioskOsHelp, runKioskOs } from "./commands/kiosk-os";
import { lsHelp, runLs } from "./commands/ls";
import { publishHelp, runPublish } from "./commands/publish";
import { runVerify, verifyHelp } from "./commands/verify";

const usage = `tremplin-image <commande> [options]

Commandes :
  build     construire un master à partir d'une recette
  import    faire un master d'un disque existant (raw, qcow2, vmdk, vhdx)
  keygen    créer une clé de signature des masters
  publish   publier une version dans un dépôt (blocs FastCDC, zstd, manifeste signé)
  ls        lister les versions d'un dépôt
  verify    vérifier signature, blocs et disque entier
  gc        supprimer les anciennes versions et les blocs orphelins
  kiosk-os  construire le système des postes (disque UEFI, emplacements A/B)

tremplin-image <commande> --help pour ses options.
`;

const commands: Record<string, { run: (argv: string[]) => Promise<number>; help: string }> = {
  build: { run: runBuild, help: buildHelp },
  import: { run: runImport, help: importHelp },
  keygen: { run: runKeygen, help: keygenHelp },
  publish: { run: runPublish, help: publishHelp },
  ls: { run: runLs, help: lsHelp },
  verify: { run: runVerify, help: verifyHelp },
  gc: { run: runGc, help: gcHelp },
  "kiosk-os": { run: runKioskOs, help: kioskOsHelp },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    process.stdout.write(usage);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) throw new AppError("invalid_input", `Commande inconnue : ${name}\n\n${usage}`);
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // node:util parseArgs reports unknown or malformed flags as TypeErrors with an ERR_PARSE_ARGS code.
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      throw new AppError("invalid_input", `${(error as Error).message}\n\n${command.help}`);
    }
    throw error;
  }
}

// The one top-level handler, as in every CLI of the project: a user error prints its message
// (exit 1), a bug its stack and a request to report it (exit 70, EX_SOFTWARE).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isAppError(error)) {
      process.stderr.write(`tremplin-image : ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.stderr.write(
      "\ntremplin-image : erreur interne — merci de la signaler (please report) avec le texte ci-dessus.\n",
    );
    process.exitCode = 70;
  },
);
