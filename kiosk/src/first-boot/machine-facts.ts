import { readFile } from "node:fs/promises";
import { networkInterfaces } from "node:os";

/** What the first-boot screen shows so that whoever stands at the post can tell IT which one it is. */
export type MachineFacts = {
  /** The maker's serial number (DMI), as printed on the NUC's label; null when unreadable. */
  serial: string | null;
  product: string | null;
  /** IPv4 addresses per interface, loopback left out: "no address" is the first thing to check. */
  addresses: { iface: string; ip4: string }[];
};

/**
 * The kiosk OS copies the DMI serial (readable by root only) into this file at boot
 * (tremplin-machine-facts.service); elsewhere the agent reads /sys itself, which works as root.
 */
export const machineFactsFile = "/run/tremplin-kiosk/machine.json";
const dmi = "/sys/class/dmi/id";

export async function readMachineFacts(factsFile = machineFactsFile): Promise<MachineFacts> {
  const fromBoot = await readJson(factsFile);
  const serial = clean(fromBoot?.serial) ?? clean(await readText(`${dmi}/product_serial`));
  const product = clean(fromBoot?.product) ?? clean(await readText(`${dmi}/product_name`));
  return { serial, product, addresses: ipv4Addresses() };
}

export function ipv4Addresses(): { iface: string; ip4: string }[] {
  return Object.entries(networkInterfaces()).flatMap(([iface, list]) =>
    (list ?? []).filter((a) => a.family === "IPv4" && !a.internal).map((a) => ({ iface, ip4: a.address })),
  );
}

/** Makers fill unset DMI fields with placeholders; those identify nothing. */
const placeholders = new Set(["", "to be filled by o.e.m.", "default string", "not specified", "none", "0"]);

function clean(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim().slice(0, 128);
  return placeholders.has(text.toLowerCase()) ? null : text;
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  const text = await readText(file);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
