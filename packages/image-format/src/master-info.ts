import { z } from "zod";

/**
 * The one definition of a master's metadata on disk: `master.json` beside a disk (the kiosk's
 * `<mastersDir>/<name>/<version>/`, image-builder's `<out>.json`) and the VM hints a signed
 * manifest carries. Hints are the input of the kiosk's QEMU layer, which fills in its defaults
 * (kiosk/src/qemu/hints.ts); unknown hint keys are kept so that an older kiosk reads a newer
 * master.
 */
export const vmHintsSchema = z.looseObject({
  /** RAM the guest should get when the host can spare it. */
  memoryMiB: z.number().int().min(64).optional(),
  /** Below this the guest does not run well: the kiosk refuses rather than starts it starved. */
  minMemoryMiB: z.number().int().min(64).optional(),
  vcpus: z.number().int().min(1).max(64).optional(),
  machine: z.enum(["pc", "q35"]).optional(),
  /** `uefi` needs OVMF on the post; Windows 11 masters need it. */
  firmware: z.enum(["bios", "uefi"]).optional(),
  /** `virtio` needs drivers in the guest; `sata` (AHCI) and `ide` need none on Windows or Linux. */
  diskBus: z.enum(["virtio", "sata", "ide"]).optional(),
  nic: z.enum(["none", "e1000", "virtio"]).optional(),
  /** Windows keeps the hardware clock in local time, Linux in UTC. */
  rtc: z.enum(["utc", "localtime"]).optional(),
  /** Whether the guest prints on ttyS0 (diagnostics, tests). */
  hasSerialConsole: z.boolean().optional(),
});
export type VmHints = z.infer<typeof vmHintsSchema>;

/** A name or version: one safe path segment (they name folders on posts and in stores). */
export const segmentSchema = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "lettres, chiffres, . _ - (sans commencer par . _ -)");

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, "SHA-256 en hexadécimal minuscule");

export const masterInfoSchema = z.object({
  name: segmentSchema,
  version: segmentSchema,
  /** SHA-256 of the disk file as stored (the qcow2 container for `qcow2`). */
  sha256: sha256HexSchema,
  format: z.enum(["qcow2", "raw"]).default("qcow2"),
  /** The guest's OS family, carried into the manifest at publication. */
  os: z.enum(["linux", "windows", "other"]).optional(),
  hints: vmHintsSchema.default({}),
  /** How the disk was made (recipe, packages): for people, not read by programs. */
  build: z.record(z.string(), z.unknown()).optional(),
});
export type MasterInfo = z.infer<typeof masterInfoSchema>;
export type MasterInfoInput = z.input<typeof masterInfoSchema>;
