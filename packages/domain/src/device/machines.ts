/** A physical machine as a registration describes it. */
export type MachineIdentity = { serial: string | null; hostname: string };

export type MachineChange = "first" | "same" | "replaced";

/**
 * Whether a registration comes from the machine already serving the post or from another one
 * (a spare NUC taking over a dead post). The DMI serial decides when both sides have one; an
 * agent that predates the kiosk OS sends none, and then the hostname is all there is to go by.
 */
export function machineChange(previous: MachineIdentity | undefined, next: MachineIdentity): MachineChange {
  if (!previous) return "first";
  if (previous.serial !== null && next.serial !== null) {
    return previous.serial === next.serial ? "same" : "replaced";
  }
  return previous.hostname === next.hostname ? "same" : "replaced";
}

// What firmware writes in an unset DMI field (dmidecode's own list of "junk" values, and what
// NUC and white-box boards ship with): shared by every box of a batch, so it names none.
const placeholderSerials = new Set([
  "",
  "0",
  "00000000",
  "0123456789",
  "123456789",
  "default string",
  "none",
  "not applicable",
  "not specified",
  "system serial number",
  "to be filled by o.e.m.",
]);

/** The DMI serial if it can tell a machine from another, else null (then the hostname decides). */
export function usableSerial(serial: string | null | undefined): string | null {
  const trimmed = serial?.trim() ?? "";
  return placeholderSerials.has(trimmed.toLowerCase()) ? null : trimmed;
}
