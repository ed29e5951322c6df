import path from "node:path";
import { parseOrThrow } from "@tremplin/domain/errors";
import { collectGarbage } from "@tremplin/image-format/maintain-store";
import { segmentSchema } from "@tremplin/image-format/master-info";
import { ChunkStore } from "@tremplin/image-format/store";
import { z } from "zod";
import { formatBytes } from "../progress";
import { printResult, readFlags } from "./flags";

export const gcHelp = `tremplin-image gc --store <dossier> --keep <n> [--scheduled <nom>@<version> …] [--dry-run] [--json]

Garde, pour chaque master, ses <n> versions les plus récentes et toute version planifiée
(--scheduled, répétable), supprime les autres manifestes puis les blocs qu'aucun manifeste
gardé ne cite. --dry-run dit ce qui partirait sans rien supprimer.
`;

const scheduledSchema = z.string().transform((s, ctx) => {
  const [name, version, ...rest] = s.split("@");
  const parsed = z.object({ name: segmentSchema, version: segmentSchema }).safeParse({ name, version });
  if (rest.length > 0 || !parsed.success) {
    ctx.addIssue({ code: "custom", message: `« ${s} » : attendu <nom>@<version>` });
    return z.NEVER;
  }
  return parsed.data;
});

const flagsSchema = z.object({
  store: z.string().min(1),
  keep: z.coerce.number().int().min(1, "garder au moins une version"),
  scheduled: z.array(scheduledSchema).default([]),
  "dry-run": z.boolean().optional(),
  json: z.boolean().optional(),
});

export async function runGc(argv: string[]): Promise<number> {
  const { values } = readFlags(argv, {
    strings: ["store", "keep"],
    lists: ["scheduled"],
    booleans: ["dry-run"],
  });
  const flags = parseOrThrow(flagsSchema, values, "Options de gc");
  const report = await collectGarbage({
    store: new ChunkStore(path.resolve(flags.store)),
    keep: flags.keep,
    scheduled: flags.scheduled,
    dryRun: flags["dry-run"] ?? false,
  });
  const verb = flags["dry-run"] ? "partiraient" : "supprimés";
  printResult(flags.json, report, [
    ...report.removedVersions.map(
      (v) => `version ${v.name} ${v.version} : ${verb === "supprimés" ? "supprimée" : "partirait"}`,
    ),
    `${report.removedChunks} blocs ${verb} (${formatBytes(report.removedBytes)})`,
  ]);
  return 0;
}
