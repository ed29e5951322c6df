import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { runTool } from "./run-tool";

export type DebRecord = { name: string; version: string; arch: string; sha256: string; depends: string[] };

/**
 * The candidate version of a package as apt sees it locally (`apt-cache show`): no network.
 * `Depends` is flattened to package names (alternatives and version constraints dropped).
 */
export async function findCandidate(name: string): Promise<DebRecord> {
  let text: string;
  try {
    text = await runTool("apt-cache", ["show", "--no-all-versions", name]);
  } catch (error) {
    throw new AppError("unavailable", `Paquet Debian introuvable : ${name} (lancez « apt-get update » ?)`, {
      cause: error,
    });
  }
  return parseAptRecord(text, name);
}

/** Parses the first stanza of `apt-cache show` output. Exported for tests. */
export function parseAptRecord(text: string, name: string): DebRecord {
  const fields = new Map<string, string>();
  for (const line of text.split("\n\n")[0]?.split("\n") ?? []) {
    const match = /^([A-Za-z0-9-]+): (.*)$/.exec(line);
    if (match) fields.set(match[1]!, match[2]!);
  }
  const version = fields.get("Version");
  const arch = fields.get("Architecture");
  const sha256 = fields.get("SHA256");
  if (!version || !arch || !sha256) {
    throw new AppError("unavailable", `Fiche apt incomplète pour ${name} (Version, Architecture, SHA256).`);
  }
  const depends = (fields.get("Depends") ?? "")
    .split(",")
    .map((d) => d.split("|")[0]!.trim().split(/[\s(]/)[0]!)
    .filter(Boolean);
  return { name, version, arch, sha256, depends };
}

/** apt's own file name for a package version: the epoch's colon is written `%3a`. */
export function debFileName(record: Pick<DebRecord, "name" | "version" | "arch">): string {
  return `${record.name}_${record.version.replace(":", "%3a")}_${record.arch}.deb`;
}

/**
 * The `.deb` of the candidate version, from `cacheDir` when a copy with the right SHA-256 is
 * there, otherwise fetched with `apt-get download` and checked against the archive's hash.
 */
export async function getDeb(record: DebRecord, cacheDir: string): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const file = path.join(cacheDir, debFileName(record));
  if ((await isFile(file)) && (await sha256File(file)) === record.sha256) return file;

  // Downloaded into a private folder, checked, then renamed: a half-fetched file never looks cached.
  const staging = path.join(cacheDir, `.partial-${process.pid}-${record.name}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  try {
    // apt drops to the `_apt` user, who cannot write into root's cache: stay root for this fetch.
    await runTool(
      "apt-get",
      ["-q", "-o", "APT::Sandbox::User=root", "download", `${record.name}=${record.version}`],
      {
        cwd: staging,
        timeoutMs: 300_000,
      },
    );
    const fetched = path.join(staging, debFileName(record));
    const actual = await sha256File(fetched);
    if (actual !== record.sha256) {
      throw new AppError("unavailable", `${record.name} : empreinte SHA-256 inattendue (${actual}).`);
    }
    await rename(fetched, file);
    return file;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
