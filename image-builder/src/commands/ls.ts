import path from "node:path";
import { parseOrThrow } from "@tremplin/domain/errors";
import { listVersions } from "@tremplin/image-format/maintain-store";
import { ChunkStore } from "@tremplin/image-format/store";
import { z } from "zod";
import { formatBytes } from "../progress";
import { printResult, readFlags } from "./flags";

export const lsHelp = `tremplin-image ls --store <dossier> [--json]

Liste les versions publiées dans un dépôt : date, taille du disque, blocs, volume stocké, clé.
`;

const flagsSchema = z.object({ store: z.string().min(1), json: z.boolean().optional() });

export async function runLs(argv: string[]): Promise<number> {
  const { values } = readFlags(argv, { strings: ["store"] });
  const flags = parseOrThrow(flagsSchema, values, "Options de ls");
  const versions = await listVersions(new ChunkStore(path.resolve(flags.store)));
  printResult(
    flags.json,
    versions,
    versions.length === 0
      ? ["(aucune version publiée)"]
      : versions.map(
          (v) =>
            `${v.name} ${v.version}  ${v.created}  disque ${formatBytes(v.virtualSize)}  ${v.chunks} blocs  ${formatBytes(v.storedBytes)} stockés  clé ${v.keyIds.join(",")}`,
        ),
  );
  return 0;
}
