import { existsSync } from "node:fs";
import path from "node:path";
import { demoKioskMaster } from "@tremplin/db/seed-demo";
import { prepareDemoPost } from "@tremplin/kiosk/demo-post";
import { repoRoot } from "@tremplin/testkit/portal";
import { type Child, startChild, waitForHttp } from "@tremplin/testkit/processes";
import { publishDemoMasters } from "./demo-masters";

export const demoKioskDir = (dataDir: string) => path.join(dataDir, "kiosk-demo");

/** A registration code is needed only until the demo post holds a device token. */
export function demoKioskNeedsCode(dataDir: string): boolean {
  return !existsSync(path.join(demoKioskDir(dataDir), "device-token"));
}

/** Why this machine cannot run the demo post, or undefined when it can. */
export function demoKioskUnavailable(directoryEnv: Record<string, string> | undefined): string | undefined {
  if (!existsSync("/usr/bin/qemu-system-x86_64")) return "QEMU n'est pas installé";
  if (!directoryEnv?.TREMPLIN_LDAP_URL) return "il faut un annuaire Active Directory pour s'y connecter";
  return undefined;
}

/**
 * The demo post of `npm start`: the tiny demo master (built once from Debian packages), the post
 * registered with the portal, then `tremplin-kiosk agent` serving its login screen, the VM shown
 * inside the page through noVNC.
 */
export async function startDemoKiosk(options: {
  dataDir: string;
  portalUrl: string;
  port: number;
  registrationCode: string | undefined;
  directoryEnv: Record<string, string>;
  hint: string;
}): Promise<Child> {
  const d = options.directoryEnv;
  const { configFile } = await prepareDemoPost({
    dataDir: demoKioskDir(options.dataDir),
    portalUrl: options.portalUrl,
    registrationCode: async () => {
      if (!options.registrationCode)
        throw new Error("le poste de démonstration n'a ni jeton ni code d'enregistrement");
      return options.registrationCode;
    },
    directory: {
      url: d.TREMPLIN_LDAP_URL,
      baseDn: d.TREMPLIN_LDAP_BASE_DN,
      caFile: d.TREMPLIN_LDAP_CA_FILE,
      tlsServername: d.TREMPLIN_LDAP_TLS_SERVERNAME,
      trainerGroupDn: d.TREMPLIN_LDAP_GROUP_TRAINER,
    },
    master: demoKioskMaster,
    title: "Poste de démonstration Tremplin",
    listenPort: options.port,
    room: "Salle Toulouse-Lautrec",
    post: "Poste de démonstration",
    hint: options.hint,
    say: (line) => console.log(line),
  });
  // Built just now on a first start: the portal's store gets the master the post boots.
  const builtDisk = path.join(demoKioskDir(options.dataDir), "build", "demo.qcow2");
  for (const version of await publishDemoMasters({ dataDir: options.dataDir, builtDisk, now: new Date() })) {
    console.log(`✓ Master de démonstration publié : ${version}`);
  }
  const child = startChild(
    "poste",
    process.execPath,
    [path.join(repoRoot, "kiosk/bin/tremplin-kiosk.mjs"), "agent", "--config", configFile],
    {
      cwd: repoRoot,
      env: { ...process.env, MALLOC_ARENA_MAX: "2" },
      logFile: path.join(demoKioskDir(options.dataDir), "agent.log"),
    },
  );
  await waitForHttp(`http://127.0.0.1:${options.port}/status`, child, 120_000);
  return child;
}
