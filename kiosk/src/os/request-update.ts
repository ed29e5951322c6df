import { access, writeFile } from "node:fs/promises";
import type { MasterRef, SystemState } from "@tremplin/domain/device";
import { kioskOsMasterName } from "@tremplin/domain/device";
import type { Logger } from "pino";
import { findMaster } from "../masters/catalog";

export type UpdateDecision =
  | { request: true; target: MasterRef }
  | { request: false; why: "no_target" | "current" | "failed_before" | "not_synced" | "busy" | "pending" };

/**
 * Whether to hand a new kiosk-OS version to the root installer now: the portal names one, it is
 * not the running one nor one that already failed here, the night sync has it verified on disk,
 * and nobody is in a session (the installer reboots the post).
 */
export function decideUpdate(input: {
  target: MasterRef | null | undefined;
  system: SystemState;
  synced: boolean;
  idle: boolean;
  requestPending: boolean;
}): UpdateDecision {
  const { target, system } = input;
  if (!target || target.name !== kioskOsMasterName) return { request: false, why: "no_target" };
  if (target.version === system.osVersion) return { request: false, why: "current" };
  if (system.lastUpdate?.version === target.version && system.lastUpdate.outcome !== "installed")
    return { request: false, why: "failed_before" };
  if (input.requestPending) return { request: false, why: "pending" };
  if (!input.synced) return { request: false, why: "not_synced" };
  if (!input.idle) return { request: false, why: "busy" };
  return { request: true, target };
}

/** Checks once and writes the request file when it is time; the root installer takes it from there. */
export async function requestUpdateIfDue(o: {
  target: MasterRef | null | undefined;
  system: SystemState | undefined;
  mastersDir: string;
  idle: boolean;
  requestFile: string;
  trialFile: string;
  log: Logger;
}): Promise<UpdateDecision | undefined> {
  if (!o.system) return undefined;
  const master = o.target ? await findMaster(o.mastersDir, o.target) : undefined;
  const decision = decideUpdate({
    target: o.target,
    system: o.system,
    synced: master?.isVerified === true,
    idle: o.idle,
    // A request not taken yet, or a version written and waiting for its trial boot.
    requestPending: (await exists(o.requestFile)) || (await exists(o.trialFile)),
  });
  if (decision.request) {
    await writeFile(o.requestFile, `${JSON.stringify(decision.target)}\n`, { mode: 0o644 });
    o.log.info(
      { target: decision.target, running: o.system.osVersion },
      "kiosk OS update handed to the installer",
    );
  }
  return decision;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
