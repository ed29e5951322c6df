import { parseArgs } from "node:util";
import { AppError, isAppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { runAgent } from "./commands/agent";
import { runDoctor } from "./commands/doctor";
import { runOsInstall } from "./commands/os-install";
import { runRegister } from "./commands/register";
import { runRelay } from "./commands/relay";
import { agentVersion } from "./version";

// Config errors are read by IT on the post: in French, like the rest of the CLI.
z.config(z.locales.fr());

const usage = `tremplin-kiosk ${agentVersion} — agent de poste Tremplin

  tremplin-kiosk agent --config <fichier>          écran de connexion, VM, présence
  tremplin-kiosk doctor --config <fichier> [--verify-masters]
                                                    diagnostic ; code de sortie ≠ 0 si le poste ne peut pas servir
  tremplin-kiosk register --portal <url> --code <code> [--config <fichier> | --token-file <fichier>] [--force]
                                                    échange le code à usage unique contre le jeton du poste
  tremplin-kiosk relay --config <fichier>          relais du site : masters la nuit, servis aux postes
  tremplin-kiosk os-install --config <fichier> [--reboot]
                                                    (root, système des postes) écrit la version demandée
                                                    dans l'autre emplacement et la démarre à l'essai
`;

const options = {
  config: { type: "string" },
  portal: { type: "string" },
  code: { type: "string" },
  "token-file": { type: "string" },
  "verify-masters": { type: "boolean", default: false },
  force: { type: "boolean", default: false },
  reboot: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", default: false },
} as const;

export type CliFlags = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>["values"];

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AppError("invalid_input", `${(error as Error).message}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    console.log(agentVersion);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command || values.help ? 0 : 1;
  }
  if (rest.length > 0)
    throw new AppError("invalid_input", `Argument inattendu : ${rest.join(" ")}\n\n${usage}`);
  switch (command) {
    case "agent":
      return runAgent(values);
    case "doctor":
      return runDoctor(values);
    case "register":
      return runRegister(values);
    case "relay":
      return runRelay(values);
    case "os-install":
      return runOsInstall(values);
    default:
      throw new AppError("invalid_input", `Commande inconnue : ${command}\n\n${usage}`);
  }
}

/** The one top-level handler: a user error prints its message (exit 1), a bug its stack (exit 70). */
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isAppError(error)) {
      console.error(`tremplin-kiosk : ${error.message}`);
      process.exitCode = 1;
      return;
    }
    console.error(error instanceof Error ? error.stack : error);
    console.error(
      "\ntremplin-kiosk : erreur interne — merci de la signaler (please report) avec le texte ci-dessus.",
    );
    process.exitCode = 70;
  },
);
