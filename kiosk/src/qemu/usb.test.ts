import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HostUsbDevice, isPassedThrough, listHostUsbDevices } from "./usb";

const device = (deviceClass: number, interfaceClasses: number[]): HostUsbDevice => ({
  busnum: 1,
  devnum: 4,
  vendorId: "0781",
  productId: "5567",
  deviceClass,
  interfaceClasses,
  product: undefined,
});
const usbKey = device(0, [0x08]);
const keyboard = device(0, [0x03]);
const hub = device(0x09, [0x09]);
const bluetooth = device(0xe0, [0xe0, 0xe0]);
const webcam = device(0xef, [0x0e, 0x0e, 0x01]);

describe("isPassedThrough", () => {
  it("none: nothing", () => {
    expect([usbKey, webcam].some((d) => isPassedThrough(d, "none"))).toBe(false);
  });

  it("storage: USB keys and disks only", () => {
    expect(isPassedThrough(usbKey, "storage")).toBe(true);
    expect(isPassedThrough(webcam, "storage")).toBe(false);
  });

  it("all: anything plugged in, but never the post's keyboard, hubs or internal Bluetooth", () => {
    expect(isPassedThrough(usbKey, "all")).toBe(true);
    expect(isPassedThrough(webcam, "all")).toBe(true);
    expect(isPassedThrough(keyboard, "all")).toBe(false);
    expect(isPassedThrough(hub, "all")).toBe(false);
    expect(isPassedThrough(bluetooth, "all")).toBe(false);
  });

  it("a key that also presents a keyboard interface stays with the host", () => {
    expect(isPassedThrough(device(0, [0x08, 0x03]), "all")).toBe(false);
  });
});

describe("listHostUsbDevices", () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir: root, cleanup } = await makeTmpDir("sysfs-usb-"));
    const put = async (dir: string, files: Record<string, string>) => {
      await mkdir(path.join(root, dir), { recursive: true });
      for (const [name, value] of Object.entries(files))
        await writeFile(path.join(root, dir, name), `${value}\n`);
    };
    await put("usb1", { busnum: "1", devnum: "1", idVendor: "1d6b", idProduct: "0002", bDeviceClass: "09" });
    await put("1-0:1.0", { bInterfaceClass: "09" });
    await put("1-2", {
      busnum: "1",
      devnum: "4",
      idVendor: "0781",
      idProduct: "5567",
      bDeviceClass: "00",
      product: "Cruzer Blade",
    });
    await put("1-2:1.0", { bInterfaceClass: "08" });
    await put("1-3.1", { busnum: "1", devnum: "7", idVendor: "046d", idProduct: "c31c", bDeviceClass: "00" });
    await put("1-3.1:1.0", { bInterfaceClass: "03" });
    await put("1-3.1:1.1", { bInterfaceClass: "03" });
  });
  afterAll(async () => cleanup());

  it("reads devices with their interfaces' classes, skipping root hubs and interfaces", async () => {
    const devices = await listHostUsbDevices(root);
    expect(devices).toEqual([
      {
        busnum: 1,
        devnum: 4,
        vendorId: "0781",
        productId: "5567",
        deviceClass: 0,
        interfaceClasses: [8],
        product: "Cruzer Blade",
      },
      {
        busnum: 1,
        devnum: 7,
        vendorId: "046d",
        productId: "c31c",
        deviceClass: 0,
        interfaceClasses: [3, 3],
        product: undefined,
      },
    ]);
  });

  it("finds no device on a post without USB", async () => {
    expect(await listHostUsbDevices(path.join(root, "absent"))).toEqual([]);
  });
});
