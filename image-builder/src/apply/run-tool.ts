import { AppError } from "@tremplin/domain/errors";
import { execa } from "execa";

/** Which Debian package brings each external tool, so a missing one names its fix. */
const packageOf: Record<string, string> = {
  "apt-get": "apt",
  "apt-cache": "apt",
  "dpkg-deb": "dpkg",
  "mkfs.fat": "dosfstools",
  mcopy: "mtools",
  syslinux: "syslinux",
  "mkfs.ext4": "e2fsprogs",
  sfdisk: "fdisk",
  "qemu-img": "qemu-utils",
};

export type RunToolOptions = {
  cwd?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  input?: string;
};

/**
 * Runs one external tool with an argument array (never a shell) and returns its stdout.
 * A missing tool or a failing run becomes `AppError("unavailable")` naming the tool, its exit
 * code and the tail of its stderr: these are problems of the build machine, not bugs.
 */
export async function runTool(tool: string, args: string[], options: RunToolOptions = {}): Promise<string> {
  const result = await execa(tool, args, {
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 120_000,
    env: options.env,
    reject: false,
    ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
  });
  if (result.failed) {
    const code = (result as { code?: string }).code;
    if (code === "ENOENT") {
      const pkg = packageOf[tool];
      throw new AppError(
        "unavailable",
        `Outil introuvable : ${tool}${pkg ? ` (paquet Debian « ${pkg} »)` : ""}.`,
        {
          details: { tool },
        },
      );
    }
    const stderrTail = tail(String(result.stderr ?? ""));
    const how = result.timedOut ? "a dépassé son délai" : `a échoué (code ${result.exitCode ?? "?"})`;
    throw new AppError("unavailable", `${tool} ${how} : ${stderrTail || "(aucun message)"}`, {
      details: { tool, args, exitCode: result.exitCode, stderrTail },
    });
  }
  return String(result.stdout ?? "");
}

/** The last lines of a tool's stderr: enough to diagnose, short enough for a log line. */
export function tail(text: string, lines = 8): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}
