import { readdir, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/** The guest's serial lines (without the tty's carriage returns); empty before the file exists. */
export async function serialLines(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  return text.replaceAll("\r", "").split("\n");
}

export async function waitForSerial(file: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = (await serialLines(file)).find((l) => pattern.test(l));
    if (line) return line;
    if (Date.now() > deadline)
      throw new Error(`no serial line matching ${pattern} in ${file} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Every file under `dir`, recursively, relative to it (hidden ones included). */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    },
  );
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => `${e.parentPath.slice(dir.length + 1)}${e.parentPath === dir ? "" : "/"}${e.name}`);
}
