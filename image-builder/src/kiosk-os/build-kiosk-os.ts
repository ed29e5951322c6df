import { copyFile, mkdir, open, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { kioskOsMasterName } from "@tremplin/domain/device";
import {
  type DiskPlan,
  kioskOsPaths,
  partitions,
  planDisk,
  sfdiskScript,
} from "@tremplin/image-format/kiosk-os-disk";
import { publishDisk } from "@tremplin/image-format/publish-disk";
import type { ChunkStore } from "@tremplin/image-format/store";
import { copyInto } from "../apply/disk-image";
import { runTool } from "../apply/run-tool";
import { buildTinyLinux } from "../recipes/tiny-linux";
import { agentConfigFor, imageCaFile, imageKeyFile } from "./agent-config";
import { makeEsp } from "./esp";
import { copyDebianPart, installAgent, writeOsFiles } from "./lay-files";
import { osFiles } from "./os-files";
import { ensureRootfs } from "./rootfs";
import type { SiteSettings } from "./site-settings";

export type KioskOsBuild = {
  version: string;
  /** The whole disk, for a USB stick or a NUC's SSD (`dd`), and the same as qcow2 for QEMU. */
  raw: string;
  qcow2: string;
  /** One root slot's file system: what an update to this version writes (publish it as a master). */
  slotImage: string;
  rootfsCached: boolean;
  /** When published: the signed manifest's file in the store. */
  manifestFile?: string;
};

export type KioskOsOptions = {
  version: string;
  site: SiteSettings;
  /** Folder of the site settings file: its relative paths resolve from there. */
  siteDir: string;
  outDir: string;
  workDir: string;
  /** mmdebstrap's root file system, keyed by its recipe; .deb files of the probe guest. */
  cacheDir: string;
  debCacheDir: string;
  kioskDir: string;
  nodeModules: string;
  nodeBinary: string;
  healthTimeoutSeconds: number;
  /** Publishes the slot as `tremplin-kiosk-os <version>` and gives the image its chunk index. */
  publish?: { store: ChunkStore; privateKeyPem: string };
  log: (line: string) => void;
};

/**
 * Builds the kiosk OS: Debian part (cached), Tremplin's layer, a reproducible ext4 slot, the ESP,
 * and the GPT disk with slot A filled, slot B empty and a small data partition that the first
 * boot grows. Every step works on plain files: no loop device, no mount.
 */
export async function buildKioskOs(o: KioskOsOptions): Promise<KioskOsBuild> {
  const steps = 8;
  let step = 0;
  const say = (text: string) => o.log(`[${++step}/${steps}] ${text}`);
  await mkdir(o.workDir, { recursive: true });
  await mkdir(o.outDir, { recursive: true });
  const plan = planDisk();
  const builtAt = new Date().toISOString();

  say("système Debian (mmdebstrap, en cache après la première fois)");
  const rootfs = await ensureRootfs({ cacheDir: o.cacheDir, log: o.log });

  say("invité d'essai KVM (noyau Debian + busybox)");
  const probe = path.join(o.workDir, "kvm-probe.qcow2");
  await buildTinyLinux({
    out: probe,
    infoFile: path.join(o.workDir, "kvm-probe.json"),
    mode: "test",
    title: "Essai KVM",
    name: "kvm-probe",
    version: o.version,
    cacheDir: o.debCacheDir,
    writeMiB: 0,
    log: () => undefined,
  });

  say("agent, Node, unités systemd et réglages du site");
  const root = path.join(o.workDir, "root");
  await copyDebianPart(rootfs.dir, root);
  const { files, links } = osFiles({
    version: o.version,
    builtAt,
    agentConfig: agentConfigFor(o.site),
    healthTimeoutSeconds: o.healthTimeoutSeconds,
    hosts: o.site.hosts,
  });
  await writeOsFiles(root, files, links);
  // Where the ESP is mounted (fstab, noauto): Debian's minbase has no such folder.
  await mkdir(path.join(root, kioskOsPaths.esp), { recursive: true });
  await runTool("node", [path.join(o.kioskDir, "scripts", "build.mjs")], { cwd: o.kioskDir });
  await installAgent(root, {
    nodeBinary: o.nodeBinary,
    kioskDir: o.kioskDir,
    nodeModules: o.nodeModules,
    probeImage: probe,
  });
  await copySiteFiles(root, o);

  say("emplacement système A (ext4 reproductible)");
  const slotImage = path.join(o.outDir, `tremplin-kiosk-os-${o.version}.root.img`);
  await makeSlotFileSystem(root, slotImage, plan.a.sizeBytes);

  say("partition EFI (systemd-boot)");
  const esp = path.join(o.workDir, "esp.img");
  await rm(esp, { force: true });
  await makeEsp({
    file: esp,
    sizeBytes: plan.esp.sizeBytes,
    root,
    slot: "a",
    version: o.version,
    workDir: o.workDir,
  });

  say(o.publish ? "publication de l'emplacement, partition de données" : "partition de données");
  const dataTree = path.join(o.workDir, "data");
  await rm(dataTree, { recursive: true, force: true });
  await mkdir(path.join(dataTree, "os-state"), { recursive: true });
  let manifestFile: string | undefined;
  if (o.publish) {
    const published = await publishDisk({
      disk: slotImage,
      name: kioskOsMasterName,
      version: o.version,
      os: "linux",
      description: "Système des postes Tremplin",
      hints: {},
      store: o.publish.store,
      privateKeyPem: o.publish.privateKeyPem,
      now: new Date(builtAt),
      workDir: o.workDir,
    });
    manifestFile = published.manifestFile;
    // Slot A's chunk index, so that the first update already fetches only what changed.
    await writeFile(path.join(dataTree, "os-state", "slot-a.index.json"), JSON.stringify(published.manifest));
  }
  const data = path.join(o.workDir, "data.img");
  await rm(data, { force: true });
  const dataKiB = `${plan.data.sizeBytes / 1024}k`;
  await runTool("mkfs.ext4", [
    "-q",
    "-F",
    "-L",
    partitions.data.label,
    "-m",
    "1",
    "-d",
    dataTree,
    data,
    dataKiB,
  ]);

  say("disque GPT (ESP, A, B, données)");
  const raw = path.join(o.outDir, `tremplin-kiosk-os-${o.version}.raw`);
  await assembleDisk(raw, plan, { esp, a: slotImage, data });

  say("qcow2 compressé");
  const qcow2 = path.join(o.outDir, `tremplin-kiosk-os-${o.version}.qcow2`);
  await runTool("qemu-img", ["convert", "-c", "-f", "raw", "-O", "qcow2", raw, `${qcow2}.partial`], {
    timeoutMs: 3_600_000,
  });
  await rename(`${qcow2}.partial`, qcow2);
  await rm(root, { recursive: true, force: true });
  return { version: o.version, raw, qcow2, slotImage, rootfsCached: rootfs.cached, manifestFile };
}

async function copySiteFiles(root: string, o: KioskOsOptions): Promise<void> {
  const put = async (source: string, target: string) => {
    const at = path.join(root, target);
    await mkdir(path.dirname(at), { recursive: true });
    await copyFile(path.resolve(o.siteDir, source), at);
  };
  if (o.site.directory.caFile) await put(o.site.directory.caFile, imageCaFile);
  for (const [i, file] of o.site.masterSync.trustedKeyFiles.entries()) await put(file, imageKeyFile(i));
}

/**
 * The slot's ext4, byte for byte the same for the same tree: fixed UUID, hash seed and time, so
 * that two versions differ only where their files do (the update's delta stays small). The
 * build's own time is in /usr/lib/tremplin/os.json, not in every inode.
 */
const fixedTime = Date.UTC(2026, 0, 1) / 1000;
async function makeSlotFileSystem(root: string, file: string, sizeBytes: number) {
  await rm(file, { force: true });
  const fixed = "7e4d1a52-0e5f-4a55-9d5b-726f6f746673";
  await runTool(
    "mkfs.ext4",
    [
      "-q",
      "-F",
      "-L",
      "tremplin-root",
      "-U",
      fixed,
      "-E",
      `hash_seed=${fixed}`,
      "-m",
      "0",
      "-d",
      root,
      file,
      `${sizeBytes / 1024}k`,
    ],
    { env: { E2FSPROGS_FAKE_TIME: String(fixedTime) }, timeoutMs: 1_800_000 },
  );
}

async function assembleDisk(file: string, plan: DiskPlan, parts: { esp: string; a: string; data: string }) {
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  const disk = await open(partial, "w");
  await disk.truncate(plan.sizeBytes);
  await disk.close();
  await runTool("sfdisk", ["--no-reread", "--no-tell-kernel", "-q", partial], { input: sfdiskScript(plan) });
  await copyInto({ source: parts.esp, target: partial, offset: plan.esp.offsetBytes });
  await copyInto({ source: parts.a, target: partial, offset: plan.a.offsetBytes });
  await copyInto({ source: parts.data, target: partial, offset: plan.data.offsetBytes });
  if ((await stat(partial)).size !== plan.sizeBytes) throw new Error("disk grew past its plan");
  await rename(partial, file);
}
