import { execFile } from "node:child_process";
import { access, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { type MasterRef, masterRefSchema } from "@tremplin/domain/device";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { kioskOsPaths, otherSlot, partitions, slotOfCmdline } from "@tremplin/image-format/kiosk-os-disk";
import type { Logger } from "pino";
import type { CliFlags } from "../cli";
import { type KioskConfig, loadKioskConfig } from "../config";
import { createLogger } from "../log";
import { loadTrustedKeys } from "../masters/trusted-keys";
import { installSlot } from "../os/install-slot";

const run = promisify(execFile);

/**
 * `os-install --config <file> [--reboot]`, as root (tremplin-os-install.service, started when the
 * agent drops its request): the requested version goes to the inactive slot, then one trial
 * boot. Whatever happens, the request is consumed and the outcome left for the heartbeat.
 */
export async function runOsInstall(flags: CliFlags): Promise<number> {
  if (!flags.config) throw new AppError("invalid_input", "--config <fichier> est obligatoire.");
  const config = await loadKioskConfig(flags.config);
  const log = createLogger({ level: config.logLevel });
  let request: MasterRef | undefined;
  try {
    request = parseOrThrow(
      masterRefSchema,
      JSON.parse(await readFile(kioskOsPaths.installRequest, "utf8")),
      "Demande de mise à jour",
    );
    if (await exists(path.join(kioskOsPaths.stateDir, "trial"))) {
      log.warn({ ...request }, "a version is already waiting for its trial boot: request dropped");
      return 0;
    }
    await installRequested(request, config, log);
  } catch (error) {
    const reason = (error as Error).message.slice(0, 500);
    log.error({ ...request, err: reason }, "kiosk OS update refused");
    if (request) await writeOutcome(request.version, reason);
    throw error;
  } finally {
    // Consumed only now: while it exists the agent asks for nothing more (a slot takes minutes).
    await rm(kioskOsPaths.installRequest, { force: true });
  }
  if (flags.reboot) {
    log.info({ ...request }, "rebooting into the trial slot");
    await run("systemctl", ["reboot"]);
  }
  return 0;
}

async function installRequested(request: MasterRef, config: KioskConfig, log: Logger): Promise<void> {
  const running = slotOfCmdline(await readFile("/proc/cmdline", "utf8"));
  if (!running)
    throw new AppError("invalid_input", "Ce système n'a pas été démarré depuis un emplacement Tremplin.");
  if (!config.masterSync)
    throw new AppError("config_invalid", "masterSync absent : aucune clé de confiance.");
  const slot = otherSlot(running);
  await run("mount", [kioskOsPaths.esp]).catch(() => undefined);
  try {
    // Written anywhere else, the entry would not exist for the firmware: the trial would silently
    // boot the old slot. Mounted by this run or already, the ESP must show its loader.
    if (!(await exists(path.join(kioskOsPaths.esp, "loader", "loader.conf"))))
      throw new AppError("unavailable", `La partition EFI n'est pas montée sur ${kioskOsPaths.esp}.`);
    await installSlot({
      request,
      mastersDir: config.mastersDir,
      trusted: await loadTrustedKeys(config.masterSync.trustedKeyFiles),
      slot,
      device: `/dev/disk/by-partlabel/${partitions[slot].label}`,
      espDir: kioskOsPaths.esp,
      efivarsDir: "/sys/firmware/efi/efivars",
      stateDir: kioskOsPaths.stateDir,
      log,
    });
  } finally {
    await run("umount", [kioskOsPaths.esp]).catch(() => undefined);
  }
}

/** What the heartbeat and the screen will say of a refused update. */
async function writeOutcome(version: string, reason: string): Promise<void> {
  await writeFile(
    path.join(kioskOsPaths.stateDir, "last-update.json"),
    `${JSON.stringify({ version, outcome: "refused", reason, at: new Date().toISOString() })}\n`,
  );
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
