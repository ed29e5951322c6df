import { type VmHints, vmHintsSchema } from "@tremplin/image-format/master-info";
import { z } from "zod";

/** Flags that set a master's VM hints (import), as the manifest and the kiosk name them. */
export const hintFlagNames = [
  "memory-mib",
  "min-memory-mib",
  "vcpus",
  "machine",
  "firmware",
  "disk-bus",
  "nic",
  "rtc",
];

export const hintsHelp = `  --memory-mib <n>, --min-memory-mib <n>, --vcpus <n>      mémoire et processeurs de la VM
  --machine pc|q35  --firmware bios|uefi  --disk-bus virtio|sata|ide  --nic none|e1000|virtio
  --rtc utc|localtime                                          (Windows : localtime)
`;

export const hintFlagsSchema = z.object({
  "memory-mib": z.coerce.number().int().min(64).optional(),
  "min-memory-mib": z.coerce.number().int().min(64).optional(),
  vcpus: z.coerce.number().int().min(1).max(64).optional(),
  machine: vmHintsSchema.shape.machine,
  firmware: vmHintsSchema.shape.firmware,
  "disk-bus": vmHintsSchema.shape.diskBus,
  nic: vmHintsSchema.shape.nic,
  rtc: vmHintsSchema.shape.rtc,
});

export function hintsFromFlags(flags: z.infer<typeof hintFlagsSchema>): VmHints {
  const hints: VmHints = {
    memoryMiB: flags["memory-mib"],
    minMemoryMiB: flags["min-memory-mib"],
    vcpus: flags.vcpus,
    machine: flags.machine,
    firmware: flags.firmware,
    diskBus: flags["disk-bus"],
    nic: flags.nic,
    rtc: flags.rtc,
  };
  return Object.fromEntries(Object.entries(hints).filter(([, v]) => v !== undefined)) as VmHints;
}
