import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/tremplin-kiosk.mjs", import.meta.url));

export type AgentProcess = {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the agent logged so far (pino JSON lines). */
  logs: () => string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string>;
};

/** Runs the real CLI, `tremplin-kiosk agent --config <file>`, and waits for its login screen. */
export async function spawnAgent(configFile: string, timeoutMs = 60_000): Promise<AgentProcess> {
  const child = spawn(process.execPath, [bin, "agent", "--config", configFile], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`agent did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /"url":"(http:\/\/127\.0\.0\.1:\d+\/)"[^\n]*"msg":"login screen listening"/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited (${code}) before listening:\n${output}`));
    });
  });
  return { url, pid: child.pid!, child, logs: () => output, exited };
}
