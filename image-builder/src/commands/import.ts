import path from "node:path";
import { parseOrThrow } from "@tremplin/domain/errors";
import { segmentSchema } from "@tremplin/image-format/master-info";
import { z } from "zod";
import { importDisk } from "../apply/import-disk";
import { progressBar } from "../progress";
import { printResult, readFlags } from "./flags";
import { hintFlagNames, hintFlagsSchema, hintsFromFlags, hintsHelp } from "./hint-flags";

export const importHelp = `tremplin-image import <disque> --name <nom> --version <version> --os linux|windows|other [options]

Fait un master d'un disque existant (raw, qcow2, vmdk, vhdx) lu par qemu-img : un qcow2
compact et son master.json (empreinte, indices matériels), prêts pour publish.

  --out <fichier.qcow2>   le master produit                        [<nom>-<version>.qcow2]
  --info <fichier.json>   son master.json                                   [<out>.json]
${hintsHelp}  --json                  résultat en JSON sur la sortie standard
`;

const flagsSchema = hintFlagsSchema.extend({
  name: segmentSchema,
  version: segmentSchema,
  os: z.enum(["linux", "windows", "other"]),
  out: z
    .string()
    .regex(/\.qcow2$/, "doit finir par .qcow2")
    .optional(),
  info: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export async function runImport(argv: string[]): Promise<number> {
  const { values, positionals } = readFlags(argv, {
    strings: ["name", "version", "os", "out", "info", ...hintFlagNames],
    positionals: 1,
  });
  const flags = parseOrThrow(flagsSchema, values, "Options d'import");
  const out = path.resolve(flags.out ?? `${flags.name}-${flags.version}.qcow2`);
  const progress = progressBar("conversion");
  const info = await importDisk({
    disk: path.resolve(positionals[0] as string),
    out,
    infoFile: path.resolve(flags.info ?? out.replace(/\.qcow2$/, ".json")),
    name: flags.name,
    version: flags.version,
    os: flags.os,
    hints: hintsFromFlags(flags),
    onProgress: progress.update,
  });
  progress.finish();
  printResult(flags.json, { out, ...info }, [out, `${info.sourceFormat} → qcow2, sha256 ${info.sha256}`]);
  return 0;
}
