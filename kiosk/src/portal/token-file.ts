import { chmod, mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { writeFileAtomic } from "../outbox/journal";

/**
 * The device token is the post's only credential towards the portal: stored alone in a file
 * readable by root only (0600), written atomically so that a crash never leaves half a token.
 */
export async function writeDeviceToken(file: string, token: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${token}\n`, 0o600);
  // The umask may have narrowed the mode further but never widened it; make it exact.
  await chmod(file, 0o600);
}

/** The token, or undefined before registration. Tightens a file left readable by others. */
export async function findDeviceToken(file: string, log?: Logger): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const mode = (await stat(file)).mode & 0o777;
  if (mode & 0o077) {
    log?.warn({ file, mode: mode.toString(8) }, "device token readable by others: mode set back to 0600");
    await chmod(file, 0o600);
  }
  const token = text.trim();
  return token === "" ? undefined : token;
}
