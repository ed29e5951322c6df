import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { silentLogger } from "../log";
import type { QmpClient } from "./qmp";

/**
 * Which of the post's USB devices the session's VM gets: `none`; `storage` (USB keys and
 * disks: mass-storage interfaces, class 08h); `all` (anything plugged in). Never, whatever the
 * policy: hubs (09h), the post's own keyboard and mouse (HID, 03h) and its wireless
 * controllers such as the NUC's internal Bluetooth (E0h) — they belong to the host.
 */
export type UsbPolicy = "none" | "storage" | "all";

export type HostUsbDevice = {
  busnum: number;
  devnum: number;
  vendorId: string;
  productId: string;
  deviceClass: number;
  interfaceClasses: number[];
  product: string | undefined;
};

const HID = 0x03;
const MASS_STORAGE = 0x08;
const HUB = 0x09;
const WIRELESS = 0xe0;

export function isPassedThrough(device: HostUsbDevice, policy: UsbPolicy): boolean {
  if (policy === "none") return false;
  const classes = [device.deviceClass, ...device.interfaceClasses];
  if (classes.some((c) => c === HUB || c === HID || c === WIRELESS)) return false;
  return policy === "all" || device.interfaceClasses.includes(MASS_STORAGE);
}

/** The USB devices the kernel sees (`/sys/bus/usb/devices`), with their interfaces' classes. */
export async function listHostUsbDevices(sysfsRoot = "/sys/bus/usb/devices"): Promise<HostUsbDevice[]> {
  let names: string[];
  try {
    names = await readdir(sysfsRoot);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return []; // no USB controller at all
    throw error;
  }
  const devices: HostUsbDevice[] = [];
  // Devices are "1-2", "1-2.4"; interfaces "1-2:1.0"; root hubs "usb1" (never passed through).
  for (const name of names.filter((n) => /^\d+-[\d.]+$/.test(n))) {
    const read = (file: string) => readFile(path.join(sysfsRoot, name, file), "utf8").then((t) => t.trim());
    const interfaces = names.filter((n) => n.startsWith(`${name}:`));
    devices.push({
      busnum: Number(await read("busnum")),
      devnum: Number(await read("devnum")),
      vendorId: await read("idVendor"),
      productId: await read("idProduct"),
      deviceClass: Number.parseInt(await read("bDeviceClass"), 16),
      interfaceClasses: await Promise.all(
        interfaces.map(async (i) =>
          Number.parseInt(await readFile(path.join(sysfsRoot, i, "bInterfaceClass"), "utf8"), 16),
        ),
      ),
      product: await read("product").catch(() => undefined),
    });
  }
  return devices;
}

/**
 * Keeps the VM's USB devices in line with the policy while the session runs: polls sysfs and
 * hot-plugs (`device_add usb-host`) what is plugged in and allowed, unplugs (`device_del`) what
 * was pulled out. Polling every second costs a few sysfs reads and needs no udev hook.
 */
export class UsbPassthrough {
  private readonly attached = new Map<string, string>();
  private readonly refused = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      qmp: QmpClient;
      policy: UsbPolicy;
      log?: Logger;
      sysfsRoot?: string;
      pollMs?: number;
    },
  ) {}

  start(): void {
    if (this.options.policy === "none" || this.timer) return;
    this.syncing = this.sync();
    this.timer = setInterval(() => {
      this.syncing = this.syncing.then(() => this.sync());
    }, this.options.pollMs ?? 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing;
  }

  /** QMP ids of the host devices now given to the VM. */
  attachedIds(): string[] {
    return [...this.attached.values()];
  }

  async sync(): Promise<void> {
    const log = this.options.log ?? silentLogger;
    const present = (await listHostUsbDevices(this.options.sysfsRoot)).filter((d) =>
      isPassedThrough(d, this.options.policy),
    );
    const keys = new Set(present.map((d) => `${d.busnum}-${d.devnum}`));
    for (const [key, id] of this.attached) {
      if (keys.has(key)) continue;
      this.attached.delete(key);
      await this.options.qmp.execute("device_del", { id }).catch((error: unknown) => {
        log.warn({ err: error, id }, "USB device_del failed (QEMU may have dropped it already)");
      });
    }
    for (const device of present) {
      const key = `${device.busnum}-${device.devnum}`;
      if (this.attached.has(key) || this.refused.has(key)) continue;
      const id = `usbhost-${key}`;
      try {
        await this.options.qmp.execute("device_add", {
          driver: "usb-host",
          id,
          bus: "usb.0",
          hostbus: device.busnum,
          hostaddr: device.devnum,
        });
        this.attached.set(key, id);
        log.info(
          { id, vendorId: device.vendorId, productId: device.productId, product: device.product },
          "USB device passed through",
        );
      } catch (error) {
        // Remembered so that a device QEMU cannot take is not retried every second.
        this.refused.add(key);
        log.warn({ err: error, id, product: device.product }, "USB pass-through refused by QEMU");
      }
    }
  }
}
