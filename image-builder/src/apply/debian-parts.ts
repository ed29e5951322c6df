import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { normaliseModuleName, orderModules, readModinfoDepends } from "../plan/module-order";
import { type DebRecord, findCandidate, getDeb } from "./apt-download";
import { runTool } from "./run-tool";

export type KernelParts = {
  version: string;
  vmlinuz: string;
  /** Module name → `.ko` file. */
  modules: Map<string, string>;
  deb: DebRecord;
};

/**
 * The kernel behind a meta-package such as `linux-image-cloud-amd64`: its first `linux-image-*`
 * dependency is the versioned image that carries `vmlinuz` and the modules.
 */
export async function fetchKernel(meta: string, cacheDir: string, workDir: string): Promise<KernelParts> {
  const metaRecord = await findCandidate(meta);
  const imageName = metaRecord.depends.find((d) => d.startsWith("linux-image-"));
  if (!imageName) throw new AppError("unavailable", `${meta} ne dépend d'aucun paquet linux-image-*.`);
  const deb = await findCandidate(imageName);
  const root = await extractDeb(await getDeb(deb, cacheDir), path.join(workDir, "kernel"));
  const bootFiles = await readdir(path.join(root, "boot"));
  const vmlinuz = bootFiles.find((f) => f.startsWith("vmlinuz-"));
  if (!vmlinuz) throw new AppError("unavailable", `${imageName} ne contient pas de /boot/vmlinuz-*.`);
  const version = vmlinuz.slice("vmlinuz-".length);
  const modules = new Map<string, string>();
  for (const file of await listFiles(path.join(root, "lib/modules", version))) {
    if (file.endsWith(".ko")) modules.set(normaliseModuleName(path.basename(file)), file);
  }
  return { version, vmlinuz: path.join(root, "boot", vmlinuz), modules, deb };
}

/** Busybox's static binary: it runs in an initramfs with no C library beside it. */
export async function fetchBusybox(
  cacheDir: string,
  workDir: string,
): Promise<{ binary: string; deb: DebRecord }> {
  const deb = await findCandidate("busybox-static");
  const root = await extractDeb(await getDeb(deb, cacheDir), path.join(workDir, "busybox"));
  return { binary: path.join(root, "bin/busybox"), deb };
}

/** `wanted` and everything they depend on, dependencies first. */
export async function resolveModules(
  kernel: KernelParts,
  wanted: string[],
): Promise<{ name: string; file: string }[]> {
  const depends = new Map<string, string[]>();
  for (const name of wanted) await collectDepends(kernel, name, depends);
  return orderModules(wanted, (name) => depends.get(name) ?? []).map((name) => ({
    name,
    file: kernel.modules.get(name)!,
  }));
}

async function collectDepends(kernel: KernelParts, name: string, into: Map<string, string[]>): Promise<void> {
  if (into.has(name)) return;
  const file = kernel.modules.get(name);
  if (!file) throw new AppError("unavailable", `Module ${name} absent du noyau ${kernel.version}.`);
  const depends = readModinfoDepends(await readFile(file)).map(normaliseModuleName);
  into.set(name, depends);
  for (const dep of depends) await collectDepends(kernel, dep, into);
}

async function extractDeb(deb: string, into: string): Promise<string> {
  await runTool("dpkg-deb", ["-x", deb, into]);
  return into;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
