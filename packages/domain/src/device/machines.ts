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
