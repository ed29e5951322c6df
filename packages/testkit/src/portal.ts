import { spawnSync } from "node:child_process";
import path from "node:path";
import { type Child, startChild, waitForHttp } from "./processes";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");
const portalDir = path.join(repoRoot, "portal");

/** Builds the portal for production through turbo, whose cache makes an unchanged tree instant. */
export function buildPortal(env: NodeJS.ProcessEnv, distDir = ".next"): void {
  const result = spawnSync(
    "npx",
    ["turbo", "run", "build", "--filter=@tremplin/portal", "--output-logs=errors-only"],
    {
      cwd: repoRoot,
      stdio: "inherit",
      env: { ...env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  if (result.status !== 0) throw new Error("la construction du portail a échoué (voir ci-dessus)");
}

/**
 * Starts the portal as in production (portal/bin/tremplin-portal.mjs: `next start`, one process
 * per core on PostgreSQL) and waits until its health check answers.
 */
export async function startPortal(options: {
  port: number;
  env: NodeJS.ProcessEnv;
  distDir?: string;
  quiet?: boolean;
}): Promise<Child> {
  const child = startChild(
    "portail",
    process.execPath,
    [path.join(portalDir, "bin/tremplin-portal.mjs"), "-p", String(options.port), "-H", "127.0.0.1"],
    {
      cwd: portalDir,
      env: { ...options.env, NEXT_DIST_DIR: options.distDir ?? ".next", NEXT_TELEMETRY_DISABLED: "1" },
      quiet: options.quiet ?? false,
    },
  );
  await waitForHttp(`http://127.0.0.1:${options.port}/api/health`, child);
  return child;
}
