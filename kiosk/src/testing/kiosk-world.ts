import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { MasterRef, ScheduleResponse } from "@tremplin/domain/device";
import { type SambaDc, startSambaDc } from "@tremplin/testkit/samba-dc";
import { type DcAdmin, openDcAdmin, type TestUser } from "@tremplin/testkit/samba-dc-admin";
import { getTinyMaster, type TinyMasterMode } from "@tremplin/testkit/tiny-image";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { type KioskConfig, parseKioskConfig } from "../config";
import { installMaster } from "../masters/catalog";
import { writeDeviceToken } from "../portal/token-file";
import { type PortalStub, startPortalStub } from "./portal-stub";

/**
 * Everything a kiosk agent talks to, real: a Samba AD DC with a learner, a trainer and someone
 * not enrolled; a tiny Linux master installed on the post; and an HTTP peer speaking the
 * device API with a session in this room now. Each test file starts one.
 */
export type KioskWorld = {
  dc: SambaDc;
  admin: DcAdmin;
  portal: PortalStub;
  dir: string;
  master: MasterRef;
  learner: TestUser;
  trainer: TestUser;
  outsider: TestUser;
  disabled: TestUser;
  sessionId: string;
  /** A full agent config for this world (also written to `configFile`). */
  config: (overrides?: Record<string, unknown>) => Promise<{ config: KioskConfig; file: string }>;
  stop: () => Promise<void>;
};

export async function startKioskWorld(options: { masterMode: TinyMasterMode }): Promise<KioskWorld> {
  const tmp = await makeTmpDir("kiosk-world-");
  const [dc, tiny] = await Promise.all([
    startSambaDc(),
    getTinyMaster({ mode: options.masterMode, title: "Bureautique débutant" }),
  ]);
  const admin = await openDcAdmin(dc);
  const ou = await admin.createOu();
  const trainers = await admin.createGroup(ou, "Formateurs");
  const learner = await admin.createUser(ou, { displayName: "Jeanne Dupont" });
  const trainer = await admin.createUser(ou, { displayName: "Paul Martin", groups: [trainers] });
  const outsider = await admin.createUser(ou);
  const disabled = await admin.createUser(ou, { state: "disabled" });

  const master = { name: `tiny-${options.masterMode}`, version: "1" };
  const mastersDir = path.join(tmp.dir, "masters");
  await installMaster(mastersDir, { ...master, file: tiny.path, infoFile: tiny.infoPath });

  const sessionId = randomUUID();
  const now = Date.now();
  const schedule: ScheduleResponse = {
    kiosk: { id: randomUUID(), label: "poste 1" },
    room: { id: randomUUID(), name: "Salle Jean Moulin" },
    timezone: "Europe/Paris",
    generatedAt: new Date(now).toISOString(),
    sessions: [
      {
        id: sessionId,
        trainingTitle: "Bureautique débutant",
        startsAt: new Date(now - 30 * 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3600_000).toISOString(),
        trainerUsername: null,
        enrolledUsernames: [learner.username, disabled.username],
        master,
      },
    ],
  };
  const portal = await startPortalStub({ schedule });
  const tokenFile = path.join(tmp.dir, "device-token");
  await writeDeviceToken(tokenFile, portal.token);

  const config = async (overrides: Record<string, unknown> = {}) => {
    const raw = {
      portal: { url: portal.url, tokenFile, timeoutMs: 3000 },
      room: "Salle (avant planning)",
      post: "Salle Jean Moulin — poste 1",
      dataDir: path.join(tmp.dir, "data"),
      mastersDir,
      overlayDir: path.join(tmp.dir, "overlays"),
      listenPort: 0,
      display: "none",
      serialFile: path.join(tmp.dir, "serial.log"),
      heartbeatSeconds: 5,
      scheduleRefreshSeconds: 5,
      logLevel: "warn",
      vm: { accelerator: "tcg", powerdownTimeoutSeconds: 5 },
      directory: {
        url: dc.ipUrl,
        tlsServername: dc.servername,
        caFile: dc.caFile,
        baseDn: dc.baseDn,
        upnSuffix: dc.realm,
        trainerGroupDn: trainers,
      },
      ...overrides,
    };
    const file = path.join(tmp.dir, `agent-${randomUUID().slice(0, 8)}.json`);
    await writeFile(file, JSON.stringify(raw, null, 2));
    return { config: parseKioskConfig(raw, tmp.dir), file };
  };

  return {
    dc,
    admin,
    portal,
    dir: tmp.dir,
    master,
    learner,
    trainer,
    outsider,
    disabled,
    sessionId,
    config,
    stop: async () => {
      await portal.stop();
      await admin.close().catch(() => undefined);
      await dc.stop();
      await tmp.cleanup();
    },
  };
}
