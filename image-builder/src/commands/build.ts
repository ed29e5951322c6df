import path from "node:path";
import { parseArgs } from "node:util";
import { parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import { defaultCacheDir } from "../env";
import { tinyLinuxModes } from "../plan/tiny-linux-guest";
import { buildTinyLinux } from "../recipes/tiny-linux";

export const buildHelp = `tremplin-image build --recipe tiny-linux --out <fichier.qcow2> [options]

Construit un master amorçable à partir de paquets Debian (apt-get download).

  --recipe tiny-linux     noyau cloud Debian + busybox, SYSLINUX, FAT + ext4, qcow2 (~16 Mio)
  --out <fichier.qcow2>   le disque produit
  --info <fichier.json>   ses métadonnées (empreinte, indices matériels) [<out>.json]
  --mode test|demo|bench  test : dit si le marqueur d'un démarrage précédent existe, en écrit un, s'éteint
                          demo : un shell affichant le titre de la formation, « poweroff » pour finir
                          bench : écrit --write-mib Mio puis s'éteint                       [demo]
  --title "<formation>"   titre affiché par l'invité                     [Formation Tremplin]
  --name, --version       nom et version du master             [tiny-linux-<mode>, AAAA.MM.JJ]
  --write-mib <n>         mode bench : volume écrit par l'invité                          [1024]
  --cache-dir <dossier>   cache des .deb téléchargés          [~/.cache/tremplin/debs]
`;

const noControlChars = /^[^\p{Cc}]*$/u;

const buildFlagsSchema = z.object({
  recipe: z.literal("tiny-linux", { message: "seule la recette « tiny-linux » existe" }),
  out: z.string().regex(/\.qcow2$/, "doit finir par .qcow2"),
  info: z.string().min(1).optional(),
  mode: z.enum(tinyLinuxModes).default("demo"),
  title: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(noControlChars, "caractères de contrôle interdits")
    .default("Formation Tremplin"),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "lettres, chiffres, . _ -")
    .optional(),
  version: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "lettres, chiffres, . _ -")
    .optional(),
  "write-mib": z.coerce.number().int().min(0).max(65_536).default(1024),
  "cache-dir": z.string().min(1).default(defaultCacheDir),
});

/** `build`: parse the flags, run the recipe, print where the master is. */
export async function runBuild(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: Object.fromEntries(
      ["recipe", "out", "info", "mode", "title", "name", "version", "write-mib", "cache-dir"].map((k) => [
        k,
        { type: "string" as const },
      ]),
    ),
  });
  const flags = parseOrThrow(buildFlagsSchema, values, "Options de build");
  const out = path.resolve(flags.out);
  const started = Date.now();
  const info = await buildTinyLinux({
    out,
    infoFile: path.resolve(flags.info ?? out.replace(/\.qcow2$/, ".json")),
    mode: flags.mode,
    title: flags.title,
    name: flags.name ?? `tiny-linux-${flags.mode}`,
    version: flags.version ?? new Date().toISOString().slice(0, 10).replaceAll("-", "."),
    cacheDir: path.resolve(flags["cache-dir"]),
    writeMiB: flags["write-mib"],
    log: (line) => process.stderr.write(`→ ${line}\n`),
  });
  process.stdout.write(`${out}\nsha256 ${info.sha256} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return 0;
}
