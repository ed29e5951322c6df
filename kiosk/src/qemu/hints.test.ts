import { describe, expect, it } from "vitest";
import { isVmError } from "./errors";
import { masterHintsSchema, sizeMachine } from "./hints";

const nuc = { totalMemoryMiB: 16_384, cores: 4 };

describe("masterHintsSchema", () => {
  it("gives an unknown master a PC most guests boot on", () => {
    expect(masterHintsSchema.parse({})).toEqual({
      machine: "q35",
      diskBus: "sata",
      nic: "e1000",
      rtc: "utc",
      firmware: "bios",
    });
  });

  it("accepts the kiosk's master.json hints as they are", () => {
    expect(masterHintsSchema.parse({ memoryMiB: 4096, vcpus: 2 })).toMatchObject({
      memoryMiB: 4096,
      vcpus: 2,
    });
  });

  it("refuses a bus it does not know", () => {
    expect(masterHintsSchema.safeParse({ diskBus: "scsi" }).success).toBe(false);
  });
});

describe("sizeMachine", () => {
  it("gives the master what it asks for when the host can spare it", () => {
    expect(sizeMachine({ hints: { memoryMiB: 4096, vcpus: 2 }, host: nuc })).toEqual({
      memoryMiB: 4096,
      vcpus: 2,
    });
  });

  it("keeps a quarter of the host's RAM (1 to 4 GiB) for the host", () => {
    expect(sizeMachine({ hints: { memoryMiB: 16_384 }, host: nuc }).memoryMiB).toBe(12_288);
    expect(
      sizeMachine({ hints: { memoryMiB: 8192 }, host: { totalMemoryMiB: 4096, cores: 2 } }).memoryMiB,
    ).toBe(3072);
    expect(
      sizeMachine({ hints: { memoryMiB: 64_000 }, host: { totalMemoryMiB: 65_536, cores: 8 } }).memoryMiB,
    ).toBe(61_440);
  });

  it("never gives more vCPUs than the host has cores", () => {
    expect(sizeMachine({ hints: { vcpus: 8 }, host: nuc }).vcpus).toBe(4);
  });

  it("lets the post's config override the master, still within the host", () => {
    expect(
      sizeMachine({
        hints: { memoryMiB: 4096, vcpus: 2 },
        host: nuc,
        overrides: { memoryMiB: 1024, vcpus: 1 },
      }),
    ).toEqual({
      memoryMiB: 1024,
      vcpus: 1,
    });
    expect(sizeMachine({ hints: {}, host: nuc, overrides: { memoryMiB: 100_000 } }).memoryMiB).toBe(12_288);
  });

  it("uses 2 GiB and 2 vCPUs for a master that says nothing", () => {
    expect(sizeMachine({ hints: {}, host: nuc })).toEqual({ memoryMiB: 2048, vcpus: 2 });
  });

  it("refuses a host below the master's minimum, saying how much is missing", () => {
    let caught: unknown;
    try {
      sizeMachine({
        hints: { memoryMiB: 4096, minMemoryMiB: 4096 },
        host: { totalMemoryMiB: 4096, cores: 2 },
      });
    } catch (error) {
      caught = error;
    }
    expect(isVmError(caught, "host_too_small")).toBe(true);
    expect((caught as Error).message).toContain("3072 Mio disponibles, 4096 Mio requis");
  });
});
