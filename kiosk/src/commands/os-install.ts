import { execFile } from "node:child_process";
import { access, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { masterRefSchema } from "@tremplin/domain/device";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { kioskOsPaths, otherSlot, partitions, slotOfCmdline } from "@tremplin/image-format/kiosk-os-disk";
import type { CliFlags } from "../cli";
import { loadKioskConfig } from "../config";
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
  const request = parseOrThrow(
    masterRefSchema,
    JSON.parse(await readFile(kioskOsPaths.installRequest, "utf8")),
    "Demande de mise à jour",
  );
  await rm(kioskOsPaths.installRequest, { force: true });
  if (await exists(path.join(kioskOsPaths.stateDir, "trial")))
    throw new AppError(
      "conflict",
      "Une version est déjà à l'essai : elle doit d'abord démarrer ou être abandonnée.",
    );
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
  } catch (error) {
    const reason = (error as Error).message.slice(0, 500);
    log.error({ ...request, err: reason }, "kiosk OS update refused");
    await writeFile(
      path.join(kioskOsPaths.stateDir, "last-update.json"),
      `${JSON.stringify({ version: request.version, outcome: "refused", reason, at: new Date().toISOString() })}\n`,
    );
    throw error;
  } finally {
    await run("umount", [kioskOsPaths.esp]).catch(() => undefined);
  }
  if (flags.reboot) {
    log.info({ ...request, slot }, "rebooting into the trial slot");
    await run("systemctl", ["reboot"]);
  }
  return 0;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
