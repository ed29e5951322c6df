import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { demoKioskMaster, demoMasters } from "@tremplin/db/seed-demo";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import { generateSigningKey } from "@tremplin/image-format/sign";
import { ChunkStore } from "@tremplin/image-format/store";
import { bootSectorPrinting, seededBytes } from "@tremplin/image-format/test-data";

const MiB = 1024 * 1024;

/** The demo's signing key pair, made once under `<data>/secrets/masters/`; returns the files. */
export async function demoMasterKey(dataDir: string): Promise<{ keyFile: string; publicKeyFile: string }> {
  const dir = path.join(dataDir, "secrets", "masters");
  const keyFile = path.join(dir, "demo-dsi.key");
  const publicKeyFile = path.join(dir, "demo-dsi.pub");
  if (!existsSync(keyFile) || !existsSync(publicKeyFile)) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const key = generateSigningKey();
    await writeFile(publicKeyFile, key.publicKeyPem);
    await writeFile(keyFile, key.privateKeyPem, { mode: 0o600 });
    await chmod(keyFile, 0o600);
  }
  return { keyFile, publicKeyFile };
}

/**
 * The demo catalogue's masters in the portal's store (`<data>/masters`), signed with the demo
 * key, so that DSI → Masters lists them and the night's outlook has bytes to count. Windows and
 * Debian are stand-ins (8 MiB: a boot sector, 2 MiB of content of their own, zeros); `demo-linux`
 * is the real tiny master the demo post boots, published once it has been built (`builtDisk`).
 * Versions already in the store are left as they are (a published version never changes).
 * Returns one line per version published.
 */
export async function publishDemoMasters(options: {
  dataDir: string;
  /** The demo post's built master (qcow2), when it exists. */
  builtDisk?: string;
  now: Date;
}): Promise<string[]> {
  const store = new ChunkStore(path.join(options.dataDir, "masters"));
  const { keyFile } = await demoMasterKey(options.dataDir);
  const privateKeyPem = await readFile(keyFile, "utf8");
  const work = await mkdtemp(path.join(options.dataDir, ".demo-masters-"));
  const lines: string[] = [];
  try {
    for (const master of demoMasters) {
      if (await store.hasManifest(master.name, master.version)) continue;
      const isDemoLinux = master.name === demoKioskMaster.name && master.version === demoKioskMaster.version;
      if (isDemoLinux && !(options.builtDisk && existsSync(options.builtDisk))) continue;
      const disk = isDemoLinux ? (options.builtDisk as string) : await standIn(work, master.name);
      await publishDisk({
        disk,
        name: master.name,
        version: master.version,
        os: master.os,
        description: isDemoLinux
          ? master.description
          : `Démonstration : disque factice. ${master.description}`,
        hints: master.os === "windows" ? { firmware: "uefi", diskBus: "sata", rtc: "localtime" } : {},
        store,
        privateKeyPem,
        now: options.now,
        workDir: work,
      });
      lines.push(`${master.name} ${master.version}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return lines;
}

/**
 * An 8 MiB raw disk: a boot sector that says what it is when a post boots it, 2 MiB derived from
 * `name`, then zeros (holes).
 */
async function standIn(dir: string, name: string): Promise<string> {
  const disk = Buffer.alloc(8 * MiB);
  seededBytes(name, 2 * MiB - 512).copy(disk, 512);
  bootSectorPrinting(`Tremplin : disque de demonstration "${name}", sans systeme a demarrer.\r\n`).copy(disk);
  const file = path.join(dir, `${name}.raw`);
  await writeFile(file, disk);
  return file;
}
