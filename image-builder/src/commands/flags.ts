import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { AppError } from "@tremplin/domain/errors";
import { type TrustedKeys, trustedKeysFrom } from "@tremplin/image-format/sign";

/**
 * The commands' common flag reading (node:util parseArgs, strict: an unknown flag is an error
 * that cli.ts turns into the command's help). Values are then parsed by each command's zod schema.
 */
export function readFlags(
  argv: string[],
  spec: { strings?: string[]; booleans?: string[]; lists?: string[]; positionals?: number },
) {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const k of spec.strings ?? []) options[k] = { type: "string" };
  for (const k of spec.lists ?? []) options[k] = { type: "string", multiple: true };
  for (const k of [...(spec.booleans ?? []), "json"]) options[k] = { type: "boolean" };
  const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  const wanted = spec.positionals ?? 0;
  if (positionals.length !== wanted) {
    throw new AppError(
      "invalid_input",
      wanted === 0
        ? `Argument inattendu : ${positionals[0]}`
        : `Attendu : ${wanted} fichier${wanted > 1 ? "s" : ""}, reçu ${positionals.length}.`,
    );
  }
  return { values, positionals };
}

/** The configured public keys: `--trust` files (PEM, as `keygen` writes them). */
export async function readTrustedKeys(files: readonly string[]): Promise<TrustedKeys> {
  if (files.length === 0) {
    throw new AppError("invalid_input", "Aucune clé de confiance : donnez au moins une --trust <clé.pub>.");
  }
  const pems = await Promise.all(
    files.map(async (file) => ({ pem: await readUserFile(file, "clé publique"), source: file })),
  );
  return trustedKeysFrom(pems);
}

/** A file the user named: a missing one is their error (exit 1), not a bug. */
export async function readUserFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(path.resolve(file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
      throw new AppError("invalid_input", `${what} illisible : ${file} (${code})`);
    }
    throw error;
  }
}

export async function readUserJson(file: string, what: string): Promise<unknown> {
  const text = await readUserFile(file, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_input", `${what} illisible (JSON invalide) : ${file}`, { cause: error });
  }
}

/** `--json`: one JSON document on stdout; otherwise the human lines. */
export function printResult(json: boolean | undefined, result: unknown, lines: string[]): void {
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${lines.join("\n")}\n`);
}
