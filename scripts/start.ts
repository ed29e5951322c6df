// The whole system on one machine with demo data: database (PGlite under ./data by default),
// demo Active Directory, portal, demo kiosk. Every failure is one line and a non-zero exit.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isAppError } from "@tremplin/domain/errors";
import { describeEnvErrors, type PortalEnv, portalEnvSchema } from "../portal/env";
import { prepareDatabase } from "./system/database";
import { buildPortal, repoRoot, startPortal } from "./system/portal";
import { type Child, isPortFree } from "./system/processes";

const children: Child[] = [];

function fail(message: string, code = 1): never {
  console.error(`✗ ${message}`);
  process.exit(code);
}

function loadEnv(): PortalEnv {
  const raw = { ...process.env, TREMPLIN_DATA_DIR: process.env.TREMPLIN_DATA_DIR ?? "data" };
  raw.TREMPLIN_DATA_DIR = path.resolve(repoRoot, raw.TREMPLIN_DATA_DIR);
  const parsed = portalEnvSchema.safeParse(raw);
  if (!parsed.success) fail(`Configuration invalide — ${describeEnvErrors(parsed.error)}`, 2);
  return parsed.data;
}

/** A NextAuth secret made once and kept with the data, so sessions survive restarts. */
function sessionSecret(dataDir: string): string {
  const file = path.join(dataDir, "secrets", "nextauth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

async function stopAll(code: number) {
  for (const child of [...children].reverse()) await child.stop();
  process.exit(code);
}

async function main() {
  const env = loadEnv();
  if (!(await isPortFree(env.PORT))) {
    fail(`Le port ${env.PORT} est déjà utilisé : arrêtez l'autre programme ou choisissez PORT=<autre port>.`);
  }
  const dataDir = env.TREMPLIN_DATA_DIR;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    fail(`Impossible de créer ${dataDir} : ${(error as Error).message}`);
  }
  const prepared = await prepareDatabase(env, { localPasswords: true, now: new Date() });
  console.log(
    `✓ Base de données : ${prepared.location} (migrations appliquées : ${prepared.applied.length})`,
  );

  const url = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TREMPLIN_DATA_DIR: dataDir,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? sessionSecret(dataDir),
    NODE_ENV: "production",
  };
  console.log("→ Construction du portail (mise en cache par turbo)…");
  buildPortal(childEnv);
  children.push(await startPortal({ port: env.PORT, env: childEnv }));

  console.log(`
Tremplin fonctionne.
  Portail     ${url}
  Santé       ${url}/api/health
  Métriques   ${url}/api/metrics
  Données     ${dataDir}
Ctrl-C arrête tout.`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopAll(0));
main().catch(async (error) => {
  for (const child of [...children].reverse()) await child.stop();
  const message = isAppError(error) ? error.message : error instanceof Error ? error.message : String(error);
  fail(message);
});
