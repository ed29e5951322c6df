import { createHash } from "node:crypto";
import { access, mkdir, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { runTool } from "../apply/run-tool";

/**
 * The kiosk OS's Debian part: everything that comes from Debian packages, built once by
 * mmdebstrap (12–14 min on two busy cores) and cached under a name derived from this recipe, so
 * a second build with the same packages starts from the cache. What Tremplin adds (agent, Node,
 * units, config) is laid over a hard-linked copy afterwards (`kiosk-layer.ts`): changing it never
 * invalidates the cache.
 */
export const rootfsRecipe = {
  suite: "bookworm",
  variant: "minbase",
  mirrors: [
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
  ],
  packages: [
    // boot and system
    "linux-image-amd64",
    "systemd-sysv",
    "systemd-resolved",
    "systemd-timesyncd",
    "udev",
    "dbus",
    "kmod",
    "iproute2",
    "ca-certificates",
    "e2fsprogs",
    "fdisk",
    // the screen: cage (a kiosk Wayland compositor) showing Chromium; seatd because libseat's
    // logind backend needs polkit and cage hangs without a seat (FACTS.md); cage needs xwayland
    "seatd",
    "cage",
    "xwayland",
    "chromium",
    "fonts-dejavu-core",
    "libgl1-mesa-dri",
    // the session VM; ovmf for masters that boot in UEFI (Windows 11)
    "qemu-system-x86",
    "ovmf",
    "qemu-utils",
    "slirp4netns",
    // the project's own Node binary links against these
    "libatomic1",
    "libstdc++6",
    // systemd-boot's EFI binary, copied to the ESP by the build (bootctl itself is not needed)
    "systemd-boot-efi",
  ],
  aptOptions: ['Acquire::Check-Valid-Until "false"', 'Apt::Install-Recommends "false"'],
  // Documentation and translations other than French and English: ~100 MiB nobody reads on a post.
  dpkgOptions: [
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/locale/*",
    "path-include=/usr/share/locale/fr/*",
    "path-include=/usr/share/locale/en/*",
    "path-include=/usr/share/locale/locale.alias",
  ],
} as const;

export type RootfsRecipe = typeof rootfsRecipe;

/** The cache name: any change to the recipe (a package, an option) makes a new root file system. */
export function rootfsKey(recipe: RootfsRecipe = rootfsRecipe): string {
  return createHash("sha256").update(JSON.stringify(recipe)).digest("hex").slice(0, 16);
}

export function mmdebstrapArgs(recipe: RootfsRecipe, target: string): string[] {
  return [
    `--variant=${recipe.variant}`,
    `--include=${recipe.packages.join(",")}`,
    ...recipe.aptOptions.map((o) => `--aptopt=${o}`),
    ...recipe.dpkgOptions.map((o) => `--dpkgopt=${o}`),
    recipe.suite,
    target,
    ...recipe.mirrors,
  ];
}

/**
 * The cached root file system's folder, built first if absent. Built under a temporary name and
 * renamed when complete, so an interrupted build never leaves a half root file system that a
 * later run would take for the cache. Each use marks it (mtime) as the newest.
 */
export async function ensureRootfs(options: {
  cacheDir: string;
  log: (line: string) => void;
  recipe?: RootfsRecipe;
}): Promise<{ dir: string; cached: boolean }> {
  const recipe = options.recipe ?? rootfsRecipe;
  const dir = path.join(options.cacheDir, `rootfs-${rootfsKey(recipe)}`);
  if (await exists(path.join(dir, "etc", "os-release"))) {
    // Marked as used, for pruneRootfsCache.
    await utimes(dir, new Date(), new Date());
    return { dir, cached: true };
  }
  await mkdir(options.cacheDir, { recursive: true });
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  options.log(`Système Debian du poste : mmdebstrap (${recipe.packages.length} paquets, 10 à 20 min)…`);
  await runTool("mmdebstrap", mmdebstrapArgs(recipe, partial), { timeoutMs: 60 * 60_000 });
  await rename(partial, dir);
  await pruneRootfsCache(options.cacheDir, options.log);
  return { dir, cached: false };
}

/**
 * A root file system is 1.4 GiB and each change of the package list makes a new one: the two
 * last used stay (this build's, and the one before it for a checkout of the previous release on
 * the same machine), older ones go.
 */
export async function pruneRootfsCache(cacheDir: string, log: (line: string) => void): Promise<string[]> {
  const built = await Promise.all(
    (await readdir(cacheDir))
      .filter((name) => /^rootfs-[0-9a-f]+$/.test(name))
      .map(async (name) => ({ name, mtimeMs: (await stat(path.join(cacheDir, name))).mtimeMs })),
  );
  const old = built.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(2);
  for (const { name } of old) {
    log(`Ancien système Debian en cache supprimé : ${name}`);
    await rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
  return old.map((o) => o.name);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
