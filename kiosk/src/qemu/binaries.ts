import { constants } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import { VmError } from "./errors";

export const debianPackageOf: Record<string, string> = {
  "qemu-system-x86_64": "qemu-system-x86",
  "qemu-img": "qemu-utils",
};

/**
 * The absolute path of an executable, looked up in PATH like a shell would. Done before
 * spawning so that a missing QEMU is a clear `qemu_missing`, not an exit code 127 from a wrapper.
 */
export async function resolveBinary(binary: string, pathEnv = process.env.PATH ?? ""): Promise<string> {
  const candidates = binary.includes("/")
    ? [binary]
    : pathEnv
        .split(":")
        .filter(Boolean)
        .map((d) => path.join(d, binary));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return path.resolve(candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "EACCES" && code !== "ENOTDIR") throw error;
    }
  }
  const pkg = debianPackageOf[path.basename(binary)];
  throw new VmError(
    "qemu_missing",
    `${binary} est introuvable sur ce poste${pkg ? ` (paquet Debian « ${pkg} »)` : ""}.`,
    {
      details: { binary },
    },
  );
}

/** Like `resolveBinary`, but undefined when absent (for optional helpers such as setpriv). */
export async function findBinary(binary: string): Promise<string | undefined> {
  try {
    return await resolveBinary(binary);
  } catch (error) {
    if (error instanceof VmError) return undefined;
    throw error;
  }
}
