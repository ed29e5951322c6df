import { AppError } from "@tremplin/domain/errors";
import type { CliFlags } from "../cli";
import { loadKioskConfig } from "../config";
import { formatChecklist, verdict } from "../doctor/checklist";
import { qemuChecks } from "../doctor/qemu-checks";
import { runDoctorChecks } from "../doctor/run-doctor";
import { createLogger } from "../log";

/** `doctor --config <file>`: the checklist; exit 0 when the post can serve, 2 when it cannot. */
export async function runDoctor(flags: CliFlags): Promise<number> {
  if (!flags.config) throw new AppError("invalid_input", "--config <fichier> est obligatoire.");
  const config = await loadKioskConfig(flags.config);
  const log = createLogger({ level: "error" });
  const checks = await runDoctorChecks(
    config,
    { qemu: () => qemuChecks(config, log) },
    { verifyMasters: flags["verify-masters"], log },
  );
  console.log(formatChecklist(checks));
  return verdict(checks).canServe ? 0 : 2;
}
