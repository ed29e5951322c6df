import { mkdir, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import type { MasterRef } from "@tremplin/domain/device";
import { execa } from "execa";
import { type KioskConfig, parseKioskConfig } from "../config";
import { findMaster, installMaster } from "../masters/catalog";
import { kioskRoot } from "../paths";
import { createDeviceClient } from "../portal/device-client";
import { findDeviceToken, writeDeviceToken } from "../portal/token-file";
import { agentVersion } from "../version";

export type DemoPostOptions = {
  /** Everything of the demo post lives here (e.g. `data/kiosk-demo`). */
  dataDir: string;
  portalUrl: string;
  /** Called only while the post has no device token: a fresh one-time code (the seed's `issueDemoKioskCode`). */
  registrationCode: () => Promise<string>;
  /** The agent config's `directory` section (the demo Samba DC). */
  directory: Record<string, unknown>;
  /** The master the demo room's sessions name (the seed's `demo-linux` 1). */
  master: MasterRef;
  /** Shown by the guest's shell. */
  title?: string;
  listenPort?: number;
  room?: string;
  post?: string;
  /** A line under the login form (the demo trainee's login). */
  hint?: string;
  /** Progress lines for `npm start`'s console. */
  say?: (line: string) => void;
};

const imageBuilder = path.join(kioskRoot, "..", "image-builder", "bin", "tremplin-image.mjs");

/**
 * Everything a demo post needs before `tremplin-kiosk agent --config <configFile>` can run: the
 * tiny demo master built (once, from Debian packages, by image-builder's CLI) and installed
 * under the name the demo sessions use, the post registered with the portal, its config written
 * (display `vnc`: the VM shows inside the login page, in any browser). Idempotent: a second call
 * reuses the master and the token.
 */
export async function prepareDemoPost(
  o: DemoPostOptions,
): Promise<{ configFile: string; config: KioskConfig }> {
  const say = o.say ?? (() => undefined);
  const dataDir = path.resolve(o.dataDir);
  const mastersDir = path.join(dataDir, "masters");
  await mkdir(dataDir, { recursive: true });

  if (!(await findMaster(mastersDir, o.master))) {
    say(`→ Master de démonstration ${o.master.name} ${o.master.version} (paquets Debian, une fois)…`);
    const out = path.join(dataDir, "build", "demo.qcow2");
    await mkdir(path.dirname(out), { recursive: true });
    const args = [imageBuilder, "build", "--recipe", "tiny-linux", "--mode", "demo", "--out", out];
    args.push("--title", o.title ?? "Formation Tremplin", "--cache-dir", path.join(dataDir, "build", "debs"));
    await execa(process.execPath, args, { timeout: 600_000 });
    await installMaster(mastersDir, { ...o.master, file: out, infoFile: out.replace(/\.qcow2$/, ".json") });
  }

  const tokenFile = path.join(dataDir, "device-token");
  if (!(await findDeviceToken(tokenFile))) {
    const client = createDeviceClient({
      baseUrl: o.portalUrl,
      getToken: async () => undefined,
      timeoutMs: 15_000,
    });
    const answer = await client.register({
      code: await o.registrationCode(),
      hostname: hostname(),
      agentVersion,
    });
    await writeDeviceToken(tokenFile, answer.token);
    say(`✓ Poste de démonstration enregistré : ${answer.label} (${answer.room.name})`);
  }

  const raw = {
    portal: { url: o.portalUrl, tokenFile },
    room: o.room ?? "Salle de démonstration",
    post: o.post ?? "Poste de démonstration",
    dataDir: path.join(dataDir, "state"),
    mastersDir,
    overlayDir: path.join(dataDir, "overlays"),
    listenPort: o.listenPort ?? 8080,
    display: "vnc",
    serialFile: path.join(dataDir, "serial.log"),
    heartbeatSeconds: 30,
    scheduleRefreshSeconds: 15,
    // The demo master prints `TREMPLIN-BOOT:` on ttyS0: a real boot under KVM says whether KVM works here.
    vm: {
      accelerator: "auto",
      kvmProbeImage: path.join(mastersDir, o.master.name, o.master.version, "disk.qcow2"),
    },
    defaultMaster: o.master,
    directory: o.directory,
    demo: o.hint ? { hint: o.hint } : undefined,
  };
  const configFile = path.join(dataDir, "agent.json");
  await writeFile(configFile, `${JSON.stringify(raw, null, 2)}\n`);
  return { configFile, config: parseKioskConfig(raw, dataDir) };
}
