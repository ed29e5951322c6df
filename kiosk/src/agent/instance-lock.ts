import { open, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";

/**
 * One agent per data folder: two would each think they own the one VM and the outbox. The lock
 * holds the pid; a lock whose process is gone (crash, power cut) is taken over.
 */
export async function acquireInstanceLock(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, "agent.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const pid = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw new AppError("conflict", `Un autre agent utilise déjà ${dataDir} (pid ${pid}).`);
    }
    await rm(file, { force: true });
  }
  throw new AppError("conflict", `Impossible de prendre le verrou ${file}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
