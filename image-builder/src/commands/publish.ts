import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseOrThrow } from "@tremplin/domain/errors";
import { masterInfoSchema, segmentSchema } from "@tremplin/image-format/master-info";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { ChunkStore } from "@tremplin/image-format/store";
import { z } from "zod";
import { formatBytes, progressBar } from "../progress";
import { printResult, readFlags, readUserFile, readUserJson } from "./flags";

export const publishHelp = `tremplin-image publish <disque> --name <nom> --version <version> --store <dossier> --key <clé.key> [options]

Publie une version d'un master dans un dépôt (un dossier que tout serveur web peut servir) :
la vue invité du disque découpée en blocs (FastCDC), chaque bloc nouveau compressé (zstd) et
rangé sous son empreinte SHA-256, puis le manifeste signé (Ed25519). Les blocs déjà présents
(versions précédentes) ne sont ni recompressés ni recopiés.

  --info <master.json>    indices matériels et OS du master          [<disque>.json s'il existe]
  --os linux|windows|other                                           [celui de --info]
  --description <texte>
  --work-dir <dossier>    conversion en raw des disques non raw     [dossier temporaire]
  --json                  résultat en JSON sur la sortie standard
`;

const flagsSchema = z.object({
  name: segmentSchema,
  version: segmentSchema,
  store: z.string().min(1),
  key: z.string().min(1),
  info: z.string().min(1).optional(),
  os: z.enum(["linux", "windows", "other"]).optional(),
  description: z.string().max(500).optional(),
  "work-dir": z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export async function runPublish(argv: string[]): Promise<number> {
  const { values, positionals } = readFlags(argv, {
    strings: ["name", "version", "store", "key", "info", "os", "description", "work-dir"],
    positionals: 1,
  });
  const flags = parseOrThrow(flagsSchema, values, "Options de publish");
  const disk = path.resolve(positionals[0] as string);
  const besideDisk = disk.replace(/\.[^./]+$/, ".json");
  const infoFile = flags.info ?? (existsSync(besideDisk) ? besideDisk : undefined);
  const info = infoFile
    ? parseOrThrow(masterInfoSchema.partial(), await readUserJson(infoFile, "master.json"), infoFile)
    : undefined;
  const os = parseOrThrow(
    z.enum(["linux", "windows", "other"], { message: "--os requis (ou un master.json qui le donne)" }),
    flags.os ?? info?.os,
    "OS du master",
  );
  const bars = { convert: progressBar("conversion"), chunk: progressBar("découpage ") };
  const report = await publishDisk({
    disk,
    name: flags.name,
    version: flags.version,
    os,
    ...(flags.description ? { description: flags.description } : {}),
    hints: info?.hints ?? {},
    store: new ChunkStore(path.resolve(flags.store)),
    privateKeyPem: await readUserFile(flags.key, "clé privée"),
    now: new Date(),
    workDir: path.resolve(flags["work-dir"] ?? tmpdir()),
    onProgress: (step, done, total) => bars[step].update(done, total),
  });
  bars.convert.finish();
  bars.chunk.finish();
  const { manifest, header } = report;
  const summary = {
    name: manifest.name,
    version: manifest.version,
    manifest: report.manifestFile,
    sha256: manifest.sha256,
    virtualSize: manifest.virtualSize,
    chunks: manifest.chunks.length,
    holes: manifest.holes.length,
    newChunks: report.newChunks,
    newBytes: report.newBytes,
    reusedChunks: report.reusedChunks,
    indexParts: header.index.parts.length,
  };
  printResult(flags.json, summary, [
    `${manifest.name} ${manifest.version} publié : ${report.manifestFile}`,
    `disque ${formatBytes(manifest.virtualSize)}, sha256 ${manifest.sha256}`,
    `${manifest.chunks.length} blocs dont ${report.newChunks} nouveaux (${formatBytes(report.newBytes)} compressés), ${report.reusedChunks} déjà dans le dépôt`,
  ]);
  return 0;
}
