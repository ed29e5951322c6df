import path from "node:path";
import type { MasterRef, SystemState } from "@tremplin/domain/device";
import { kioskOsPaths } from "@tremplin/image-format/kiosk-os-disk";
import type { Logger } from "pino";
import { requestUpdateIfDue } from "./request-update";
import { defaultOsPaths, type OsPaths, readSystemState } from "./system-state";

/**
 * On a kiosk-OS post, once a minute: re-reads the system's state (version, slot, last update) for
 * the heartbeat and the screen, and hands a due update to the root installer. Does nothing on a
 * post installed by hand.
 */
export async function startOsWatch(o: {
  mastersDir: string;
  target: () => MasterRef | null | undefined;
  idle: () => boolean;
  log: Logger;
  everyMs?: number;
  paths?: OsPaths;
  requestFile?: string;
}): Promise<{ current: () => SystemState | undefined; stop: () => void }> {
  const paths = o.paths ?? defaultOsPaths;
  let state = await readSystemState(paths);
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    state = await readSystemState(paths);
    await requestUpdateIfDue({
      target: o.target(),
      system: state,
      mastersDir: o.mastersDir,
      idle: o.idle(),
      requestFile: o.requestFile ?? kioskOsPaths.installRequest,
      trialFile: path.join(paths.stateDir, "trial"),
      log: o.log,
    });
  };
  const loop = () => {
    timer = setTimeout(() => {
      tick()
        .catch((error: unknown) => o.log.warn({ err: error }, "kiosk OS check failed"))
        .finally(loop);
    }, o.everyMs ?? 60_000).unref();
  };
  if (state) loop();
  return { current: () => state, stop: () => clearTimeout(timer) };
}
