import { access, copyFile } from "node:fs/promises";
import { VmError } from "./errors";

/**
 * UEFI for masters whose hints say `firmware: "uefi"` (Windows 11, and any master installed on
 * a UEFI machine: its disk has no BIOS boot code). Debian's `ovmf` package, without Secure Boot
 * keys enrolled: a master installed with Secure Boot on still boots with it off.
 */
export const ovmf = {
  code: "/usr/share/OVMF/OVMF_CODE_4M.fd",
  varsTemplate: "/usr/share/OVMF/OVMF_VARS_4M.fd",
};

export type UefiFirmware = { code: string; vars: string };

/**
 * The session's own copy of the firmware's variable store (boot entries the guest writes):
 * thrown away with the overlay, so one session's boot order never reaches the next.
 */
export async function prepareUefi(vars: string, firmware = ovmf): Promise<UefiFirmware> {
  try {
    await access(firmware.code);
    await copyFile(firmware.varsTemplate, vars);
  } catch (error) {
    throw new VmError(
      "firmware_missing",
      "Ce master démarre en UEFI, mais le micrologiciel UEFI (paquet Debian « ovmf ») manque sur ce poste : prévenez le service informatique.",
      { cause: error, details: { code: firmware.code, vars: firmware.varsTemplate } },
    );
  }
  return { code: firmware.code, vars };
}
