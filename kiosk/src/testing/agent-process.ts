import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/tremplin-kiosk.mjs", import.meta.url));
const bundle = fileURLToPath(new URL("../../dist/tremplin-kiosk.mjs", import.meta.url));

/**
 * How to run the agent: `source` is the dev entry (tsx loads the TypeScript), `bundle` what a NUC
 * runs (`npm run build -w @tremplin/kiosk`, same Node flags as deploy/tremplin-kiosk.service).
 */
export const agentCommands = {
  source: [bin],
  bundle: ["--max-semi-space-size=1", "--lite-mode", bundle],
} as const;

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
export async function spawnAgent(
  configFile: string,
  options: { form?: keyof typeof agentCommands; timeoutMs?: number } = {},
): Promise<AgentProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const args = [...agentCommands[options.form ?? "source"], "agent", "--config", configFile];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MALLOC_ARENA_MAX: "2" }, // as in deploy/tremplin-kiosk.service
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
