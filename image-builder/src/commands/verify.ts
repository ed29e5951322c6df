import path from "node:path";
import { AppError, isAppError, parseOrThrow } from "@tremplin/domain/errors";
import { segmentSchema } from "@tremplin/image-format/master-info";
import { ChunkStore } from "@tremplin/image-format/store";
import { verifyVersion } from "@tremplin/image-format/verify-version";
import { z } from "zod";
import { progressBar } from "../progress";
import { printResult, readFlags, readTrustedKeys } from "./flags";

export const verifyHelp = `tremplin-image verify --store <dossier> --trust <clé.pub> [--trust …] [--name <nom> [--version <v>]] [--json]

Vérifie des versions publiées de bout en bout : la signature du manifeste par une clé de
confiance, l'empreinte de chaque bloc, puis l'empreinte SHA-256 du disque entier qu'ils
reconstituent. Code de sortie 1 au premier défaut trouvé, chacun nommé.
`;

const flagsSchema = z.object({
  store: z.string().min(1),
  trust: z.array(z.string().min(1)).default([]),
  name: segmentSchema.optional(),
  version: segmentSchema.optional(),
  json: z.boolean().optional(),
});

type Outcome = { name: string; version: string; ok: boolean; chunks?: number; problems: string[] };

export async function runVerify(argv: string[]): Promise<number> {
  const { values } = readFlags(argv, { strings: ["store", "name", "version"], lists: ["trust"] });
  const flags = parseOrThrow(flagsSchema, values, "Options de verify");
  const trusted = await readTrustedKeys(flags.trust);
  const store = new ChunkStore(path.resolve(flags.store));
  const versions = (await store.listVersions()).filter(
    (v) => (!flags.name || v.name === flags.name) && (!flags.version || v.version === flags.version),
  );
  if (versions.length === 0)
    throw new AppError("not_found", `Aucune version à vérifier dans ${flags.store}.`);
  const outcomes: Outcome[] = [];
  for (const { name, version } of versions) {
    const bar = progressBar(`${name} ${version}`);
    try {
      const report = await verifyVersion({ store, name, version, trusted, onProgress: bar.update });
      const problems = report.problems.map((p) => `bloc ${p.sha256} (octet ${p.offset}) : ${p.problem}`);
      if (problems.length === 0 && !report.isDiskHashValid)
        problems.push("empreinte du disque entier incorrecte");
      outcomes.push({ name, version, ok: problems.length === 0, chunks: report.checkedChunks, problems });
    } catch (error) {
      // A refused signature or an unreadable manifest fails this version; the others are still checked.
      if (!isAppError(error)) throw error;
      outcomes.push({ name, version, ok: false, problems: [error.message] });
    } finally {
      bar.finish();
    }
  }
  const lines = outcomes.flatMap((o) =>
    o.ok
      ? [`${o.name} ${o.version} : intègre (signature, ${o.chunks} blocs, disque entier)`]
      : [`${o.name} ${o.version} : REFUSÉ`, ...o.problems.map((p) => `  ${p}`)],
  );
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0 && !flags.json) {
    throw new AppError(
      "conflict",
      `${failed.length} version(s) sur ${outcomes.length} refusée(s) :\n${lines.join("\n")}`,
    );
  }
  printResult(flags.json, outcomes, lines);
  return failed.length > 0 ? 1 : 0;
}
