import { vmHintsSchema } from "@tremplin/image-format/master-info";
import { z } from "zod";
import { VmError } from "./errors";

/**
 * What a master says about the machine it needs (`hints` in its `master.json` and signed
 * manifest, defined once in @tremplin/image-format), with this layer's defaults: an unknown
 * master gets a PC most guests boot on (q35, SATA disk, e1000 NIC, clock in UTC, BIOS).
 */
export const masterHintsSchema = vmHintsSchema.extend({
  machine: z.enum(["pc", "q35"]).default("q35"),
  diskBus: z.enum(["virtio", "sata", "ide"]).default("sata"),
  nic: z.enum(["none", "e1000", "virtio"]).default("e1000"),
  rtc: z.enum(["utc", "localtime"]).default("utc"),
  firmware: z.enum(["bios", "uefi"]).default("bios"),
});
export type MasterHints = z.infer<typeof masterHintsSchema>;
export type MasterHintsInput = z.input<typeof masterHintsSchema>;

export type HostResources = { totalMemoryMiB: number; cores: number };
export type MachineSize = { memoryMiB: number; vcpus: number };

const DEFAULT_MEMORY_MIB = 2048;
const DEFAULT_VCPUS = 2;

/**
 * RAM and vCPUs for a session: what the master asks for (or the post's config overrides),
 * capped by what the host can give. The host keeps a quarter of its RAM (1 to 4 GiB) for
 * itself, the kiosk browser and QEMU's own overhead; vCPUs never exceed its cores.
 */
export function sizeMachine(options: {
  hints: Pick<MasterHints, "memoryMiB" | "minMemoryMiB" | "vcpus">;
  host: HostResources;
  overrides?: { memoryMiB?: number | undefined; vcpus?: number | undefined };
}): MachineSize {
  const { hints, host, overrides = {} } = options;
  const reserve = Math.min(4096, Math.max(1024, Math.round(host.totalMemoryMiB / 4)));
  const spare = host.totalMemoryMiB - reserve;
  const wanted = overrides.memoryMiB ?? hints.memoryMiB ?? DEFAULT_MEMORY_MIB;
  const memoryMiB = Math.min(wanted, spare);
  const minimum = hints.minMemoryMiB ?? 64;
  if (memoryMiB < minimum) {
    throw new VmError(
      "host_too_small",
      `Ce poste n'a pas assez de mémoire pour ce master (${memoryMiB} Mio disponibles, ${minimum} Mio requis).`,
      { details: { memoryMiB, minimum, hostMemoryMiB: host.totalMemoryMiB } },
    );
  }
  const vcpus = Math.max(1, Math.min(overrides.vcpus ?? hints.vcpus ?? DEFAULT_VCPUS, host.cores));
  return { memoryMiB, vcpus };
}
