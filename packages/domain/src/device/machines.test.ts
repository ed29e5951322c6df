import { describe, expect, it } from "vitest";
import { machineChange, usableSerial } from "./machines";

describe("machineChange", () => {
  it("tells the first machine of a post, the same one again, and a spare by its serial", () => {
    const nuc = { serial: "G6NUC0042", hostname: "kiosk" };
    expect(machineChange(undefined, nuc)).toBe("first");
    expect(machineChange(nuc, { ...nuc })).toBe("same");
    // Kiosk-OS images share a hostname: only the serial tells the spare apart.
    expect(machineChange(nuc, { serial: "G6NUC0077", hostname: "kiosk" })).toBe("replaced");
  });

  it("falls back on the hostname when a side has no serial (hand-installed agent)", () => {
    const handInstalled = { serial: null, hostname: "alb-s1-p01" };
    expect(machineChange(handInstalled, { serial: "G6NUC0042", hostname: "alb-s1-p01" })).toBe("same");
    expect(machineChange(handInstalled, { serial: "G6NUC0042", hostname: "kiosk" })).toBe("replaced");
    expect(machineChange(handInstalled, { serial: null, hostname: "alb-s1-p02" })).toBe("replaced");
  });
});

describe("usableSerial", () => {
  it("keeps a real serial and drops what unset firmware fields say", () => {
    expect(usableSerial(" G6NUC0042 ")).toBe("G6NUC0042");
    for (const junk of ["To Be Filled By O.E.M.", "Default string", "", "  ", "0", null, undefined]) {
      expect(usableSerial(junk)).toBeNull();
    }
  });
});
