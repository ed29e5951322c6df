// The whole system on one machine with demo data: database (PGlite under ./data by default),
// demo Active Directory, portal, demo kiosk. Every failure is one line and a non-zero exit.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { demoAccounts, demoPeople, issueDemoKioskCode, seedDemo } from "@tremplin/db/seed-demo";
import { isAppError } from "@tremplin/domain/errors";
import { type PortalEnv, parsePortalEnv } from "@tremplin/portal/env";
import { buildPortal, repoRoot, startPortal } from "@tremplin/testkit/portal";
import { type Child, isPortFree } from "@tremplin/testkit/processes";
import { startDemoDirectory } from "./demo/directory";
import { openMigrated } from "./system/database";
import { demoKioskDir, demoKioskNeedsCode, demoKioskUnavailable, startDemoKiosk } from "./system/demo-kiosk";
import { demoMasterKey, publishDemoMasters } from "./system/demo-masters";

const children: Pick<Child, "name" | "stop">[] = [];

function fail(message: string, code = 1): never {
  console.error(`✗ ${message}`);
  process.exit(code);
}

function loadEnv(): PortalEnv {
  const raw = {
    ...process.env,
    TREMPLIN_DATA_DIR: path.resolve(repoRoot, process.env.TREMPLIN_DATA_DIR ?? "data"),
  };
  const parsed = parsePortalEnv(raw);
  if (!parsed.ok) fail(parsed.message, 2);
  return parsed.env;
}

/**
 * The directory the demo signs in against: the one TREMPLIN_LDAP_URL names, else a demo Samba
 * AD DC under the data folder holding the demo accounts, else none (local accounts only).
 */
async function demoDirectory(env: PortalEnv, dataDir: string): Promise<Record<string, string> | undefined> {
  if (env.directory) {
    console.log(`✓ Annuaire : ${env.directory.url} (TREMPLIN_LDAP_URL)`);
    return {};
  }
  console.log(
    "→ Annuaire Active Directory de démonstration (Samba ; une dizaine de secondes la première fois)…",
  );
  const users = demoPeople.map((p) => ({ ...p, roles: [...p.roles] }));
  const started = await startDemoDirectory({ dataDir, users });
  if (!started.directory) {
    console.log(`! Annuaire de démonstration indisponible (${started.reason}) : comptes locaux seulement.`);
    return undefined;
  }
  children.push({ name: "annuaire", stop: started.directory.stop });
  console.log(
    `✓ Annuaire : ${started.directory.env.TREMPLIN_LDAP_URL} (Samba AD, ${started.directory.dc.realm})`,
  );
  return started.directory.env;
}

/**
 * A secret made once and kept with the data (`<data>/secrets/<name>`, readable by its owner only):
 * the session secret, so sessions survive restarts, and the metrics token.
 */
function keptSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, "secrets", name);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** The demo catalogue's masters into the portal's store (quick: stand-ins of 8 MiB, once). */
async function announceDemoMasters(dataDir: string) {
  const builtDisk = path.join(demoKioskDir(dataDir), "build", "demo.qcow2");
  try {
    const published = await publishDemoMasters({ dataDir, builtDisk, now: new Date() });
    if (published.length > 0) console.log(`✓ Masters de démonstration publiés : ${published.join(", ")}`);
  } catch (error) {
    console.log(`! Masters de démonstration non publiés : ${(error as Error).message}`);
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
  const { database, applied } = await openMigrated(env);
  console.log(
    `✓ Base de données : ${database.kind} ${database.location} (migrations appliquées : ${applied.length})`,
  );
  const directoryEnv = await demoDirectory(env, dataDir).catch(async (error) => {
    await database.close();
    throw error;
  });
  const kioskUnavailable = demoKioskUnavailable(directoryEnv);
  let kioskCode: string | undefined;
  try {
    await seedDemo(database.db, { localPasswords: directoryEnv === undefined, now: new Date() });
    // PGlite admits one process: the code is issued now, before the portal takes the database.
    if (!kioskUnavailable && demoKioskNeedsCode(dataDir)) {
      kioskCode = (await issueDemoKioskCode(database.db, { now: new Date() })).code;
    }
  } finally {
    await database.close();
  }
  await announceDemoMasters(dataDir);

  const url = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...directoryEnv,
    TREMPLIN_DATA_DIR: dataDir,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? keptSecret(dataDir, "nextauth-secret"),
    TREMPLIN_METRICS_TOKEN: env.TREMPLIN_METRICS_TOKEN ?? keptSecret(dataDir, "metrics-token"),
    // The demo's masters are signed with its own key; IT may try `publish --portal` with the token.
    TREMPLIN_MASTER_KEYS: (env.TREMPLIN_MASTER_KEYS ?? [(await demoMasterKey(dataDir)).publicKeyFile]).join(
      ",",
    ),
    TREMPLIN_PUBLISH_TOKEN: env.TREMPLIN_PUBLISH_TOKEN ?? keptSecret(dataDir, "publish-token"),
    NODE_ENV: "production",
  };
  console.log("→ Construction du portail (mise en cache par turbo)…");
  buildPortal(childEnv);
  children.push(await startPortal({ port: env.PORT, env: childEnv }));

  const kioskPort = Number(process.env.TREMPLIN_DEMO_KIOSK_PORT ?? 8080);
  let kioskLine = `  Poste       (pas de poste de démonstration : ${kioskUnavailable})`;
  if (!kioskUnavailable && directoryEnv) {
    if (!(await isPortFree(kioskPort))) {
      kioskLine = `  Poste       (le port ${kioskPort} est pris : TREMPLIN_DEMO_KIOSK_PORT=<autre port>)`;
    } else {
      const trainee = demoAccounts.trainee;
      children.push(
        await startDemoKiosk({
          dataDir,
          portalUrl: `http://127.0.0.1:${env.PORT}`,
          port: kioskPort,
          registrationCode: kioskCode,
          directoryEnv,
          hint: `Démonstration : ${trainee.username} / ${trainee.password}`,
        }),
      );
      kioskLine = `  Poste       http://localhost:${kioskPort}   (journal : ${demoKioskDir(dataDir)}/agent.log)`;
    }
  }

  const account = (label: string, p: { username: string; displayName: string; password: string }) =>
    `  ${label.padEnd(12)}${p.username.padEnd(16)}${p.password.padEnd(16)}${p.displayName}`;
  console.log(`
Tremplin fonctionne.
  Portail     ${url}
  Santé       ${url}/api/health
  Métriques   curl -H "Authorization: Bearer $(cat ${path.join(dataDir, "secrets", "metrics-token")})" ${url}/api/metrics
  Masters     npx tremplin-image publish <disque> --name <nom> --version <v> --portal ${url} \\
                --token-file ${path.join(dataDir, "secrets", "publish-token")} --key ${path.join(dataDir, "secrets", "masters", "demo-dsi.key")}
${kioskLine}
  Données     ${dataDir}

Comptes de démonstration (${directoryEnv ? "Active Directory" : "comptes locaux"}) :
${account("stagiaire", demoAccounts.trainee)}
${account("formateur", demoAccounts.trainer)}
${account("DSI", demoAccounts.itAdmin)}
${account("auditeur", demoAccounts.auditor)}
  (les ${demoPeople.length} comptes de démonstration ont le même mot de passe)

Ctrl-C arrête tout.`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopAll(0));
main().catch(async (error) => {
  for (const child of [...children].reverse()) await child.stop();
  const message = isAppError(error) ? error.message : error instanceof Error ? error.message : String(error);
  fail(message);
});
