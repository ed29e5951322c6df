import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { masterInfoSchema, segmentSchema } from "@tremplin/image-format/master-info";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { ChunkStore } from "@tremplin/image-format/store";
import { z } from "zod";
import { uploadVersion } from "../apply/upload-version";
import { formatBytes, progressBar } from "../progress";
import { printResult, readFlags, readUserFile, readUserJson } from "./flags";

export const publishHelp = `tremplin-image publish <disque> --name <nom> --version <version> --key <clé.key>
                       (--store <dossier> | --portal <url> --token-file <fichier>) [options]

Publie une version d'un master dans un dépôt (un dossier que tout serveur web peut servir) :
la vue invité du disque découpée en blocs (FastCDC), chaque bloc nouveau compressé (zstd) et
rangé sous son empreinte SHA-256, puis le manifeste signé (Ed25519). Les blocs déjà présents
(versions précédentes) ne sont ni recompressés ni recopiés.

Avec --portal, la version est ensuite envoyée au portail : seuls les blocs qu'il n'a pas
encore traversent le réseau, et la version n'y apparaît qu'une fois complète et vérifiée.
Interrompu, relancez la même commande : l'envoi reprend où il s'était arrêté (avec --store,
sans refaire le découpage).

  --store <dossier>       dépôt local (gardé : la version suivante y réutilise les blocs)
  --portal <url>          portail qui reçoit la version, ex. https://portail.region.fr
  --token-file <fichier>  le jeton de publication du portail (TREMPLIN_PUBLISH_TOKEN)
  --info <master.json>    indices matériels et OS du master          [<disque>.json s'il existe]
  --os linux|windows|other                                           [celui de --info]
  --description <texte>
  --work-dir <dossier>    conversion en raw des disques non raw     [dossier temporaire]
  --json                  résultat en JSON sur la sortie standard
`;

const flagsSchema = z.object({
  name: segmentSchema,
  version: segmentSchema,
  store: z.string().min(1).optional(),
  portal: z
    .url({ protocol: /^https?$/, message: "attendu : l'URL du portail, ex. https://portail.region.fr" })
    .optional(),
  "token-file": z.string().min(1).optional(),
  key: z.string().min(1),
  info: z.string().min(1).optional(),
  os: z.enum(["linux", "windows", "other"]).optional(),
  description: z.string().max(500).optional(),
  "work-dir": z.string().min(1).optional(),
  json: z.boolean().optional(),
});

type PublishFlags = z.infer<typeof flagsSchema>;

export async function runPublish(argv: string[]): Promise<number> {
  const { values, positionals } = readFlags(argv, {
    strings: [
      "name",
      "version",
      "store",
      "portal",
      "token-file",
      "key",
      "info",
      "os",
      "description",
      "work-dir",
    ],
    positionals: 1,
  });
  const flags = parseOrThrow(flagsSchema, values, "Options de publish");
  if (!flags.store && !flags.portal) {
    throw new AppError(
      "invalid_input",
      "Où publier ? Donnez --store <dossier>, --portal <url>, ou les deux.",
    );
  }
  if (flags.portal && !flags["token-file"]) {
    throw new AppError(
      "invalid_input",
      "--portal demande --token-file <fichier> (le jeton TREMPLIN_PUBLISH_TOKEN du portail).",
    );
  }
  // Read first: a missing token fails before minutes of chunking, not after.
  const token = flags["token-file"]
    ? (await readUserFile(flags["token-file"], "jeton de publication")).trim()
    : "";
  const workDir = path.resolve(flags["work-dir"] ?? tmpdir());
  const scratch = flags.store ? undefined : await mkdtemp(path.join(workDir, "tremplin-upload-"));
  try {
    const store = new ChunkStore(path.resolve(flags.store ?? (scratch as string)));
    // With a portal, a version already in the local store is an upload to resume, not a conflict.
    const resuming = flags.portal !== undefined && (await store.hasManifest(flags.name, flags.version));
    const local = resuming
      ? undefined
      : await publishToStore(flags, positionals[0] as string, store, workDir);
    const sent = flags.portal ? await sendToPortal(flags, flags.portal, token, store) : undefined;
    const lines = [
      ...(local?.lines ?? [`${flags.name} ${flags.version} est déjà dans ${store.root} : envoi repris.`]),
      ...(sent?.lines ?? []),
    ];
    printResult(flags.json, { ...local?.summary, ...(sent ? { portal: sent.summary } : {}) }, lines);
    return 0;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

async function publishToStore(flags: PublishFlags, diskArg: string, store: ChunkStore, workDir: string) {
  const disk = path.resolve(diskArg);
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
    store,
    privateKeyPem: await readUserFile(flags.key, "clé privée"),
    now: new Date(),
    workDir,
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
  const lines = [
    `${manifest.name} ${manifest.version} publié : ${report.manifestFile}`,
    `disque ${formatBytes(manifest.virtualSize)}, sha256 ${manifest.sha256}`,
    `${manifest.chunks.length} blocs dont ${report.newChunks} nouveaux (${formatBytes(report.newBytes)} compressés), ${report.reusedChunks} déjà dans le dépôt`,
  ];
  return { summary, lines };
}

async function sendToPortal(flags: PublishFlags, portalUrl: string, token: string, store: ChunkStore) {
  // One bar per answer of the portal (index parts, then chunks): each has its own total.
  let bar = progressBar("envoi     ");
  let barTotal = 0;
  let barStart = 0;
  let lastDone = 0;
  const report = await uploadVersion({
    store,
    name: flags.name,
    version: flags.version,
    portalUrl,
    token,
    onProgress: (done, total) => {
      if (total !== barTotal) {
        bar.finish();
        bar = progressBar("envoi     ");
        barTotal = total;
        barStart = lastDone;
      }
      lastDone = done;
      // Each bar counts from its own start: its rate is that answer's, not the whole upload's.
      bar.update(done - barStart, total - barStart);
    },
  });
  bar.finish();
  return {
    summary: { url: portalUrl, sentChunks: report.sentChunks, sentBytes: report.sentBytes },
    lines: [
      `envoyé au portail ${portalUrl} : ${report.sentChunks} blocs (${formatBytes(report.sentBytes)}), les autres y étaient déjà ; version visible`,
    ],
  };
}
