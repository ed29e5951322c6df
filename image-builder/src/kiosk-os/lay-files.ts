import { copyFile, cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { runTool } from "../apply/run-tool";
import { agentBundle, appDir, kvmProbeImage, nodeBin, type OsFile, type OsLink } from "./os-files";

/** Packages the agent bundle leaves to node_modules (kiosk/scripts/build.mjs) and everything they need. */
const externalPackages = ["pino", "@novnc/novnc"];

/**
 * The image's root file system: a hard-linked copy of the cached Debian part (seconds, no extra
 * space), then Tremplin's files. A file replaced here is unlinked first, so the cache's inode is
 * never written through its second name.
 */
export async function copyDebianPart(cached: string, root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
  await runTool("cp", ["-al", cached, root], { timeoutMs: 600_000 });
}

export async function writeOsFiles(root: string, files: OsFile[], links: OsLink[]): Promise<void> {
  for (const f of files) {
    const target = inside(root, f.path);
    await mkdir(path.dirname(target), { recursive: true });
    await rm(target, { force: true });
    await writeFile(target, f.content, { mode: f.mode ?? 0o644 });
  }
  for (const l of links) {
    const at = inside(root, l.path);
    await mkdir(path.dirname(at), { recursive: true });
    await rm(at, { force: true });
    await symlink(l.target, at);
  }
}

/**
 * The agent as it runs on a post: the project's own Node binary (not Debian's 18), the bundle
 * and its login page's assets, the few packages left outside the bundle, the KVM probe guest.
 */
export async function installAgent(
  root: string,
  input: { nodeBinary: string; kioskDir: string; nodeModules: string; probeImage: string },
): Promise<void> {
  const node = inside(root, nodeBin);
  await mkdir(path.dirname(node), { recursive: true });
  await copyFile(input.nodeBinary, node);
  await writeFile(node, await readFile(node), { mode: 0o755 });
  const bundle = inside(root, agentBundle);
  await mkdir(path.dirname(bundle), { recursive: true });
  await copyFile(path.join(input.kioskDir, "dist", "tremplin-kiosk.mjs"), bundle);
  // The agent reads its version from here (heartbeats, registration).
  const { version } = JSON.parse(await readFile(path.join(input.kioskDir, "package.json"), "utf8")) as {
    version: string;
  };
  await writeFile(
    path.join(path.dirname(path.dirname(bundle)), "package.json"),
    `${JSON.stringify({ name: "tremplin-kiosk", version, private: true, type: "module" })}\n`,
  );
  const assets = path.join("src", "login-page", "assets");
  await cp(path.join(input.kioskDir, assets), inside(root, path.join(appDir, "kiosk", assets)), {
    recursive: true,
  });
  for (const name of await packageClosure(input.nodeModules, externalPackages)) {
    await cp(
      path.join(input.nodeModules, name),
      inside(root, path.join(appDir, "kiosk", "node_modules", name)),
      {
        recursive: true,
        dereference: true,
      },
    );
  }
  await copyFile(input.probeImage, inside(root, kvmProbeImage));
}

/** The packages `names` need at run time (dependencies, recursively), read from a hoisted node_modules. */
export async function packageClosure(nodeModules: string, names: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = JSON.parse(await readFile(path.join(nodeModules, name, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    queue.push(...Object.keys(manifest.dependencies ?? {}));
  }
  return [...seen].sort();
}

function inside(root: string, absolute: string): string {
  const target = path.join(root, absolute);
  if (!target.startsWith(root + path.sep)) throw new Error(`path escapes the image: ${absolute}`);
  return target;
}
