import { describe, expect, it } from "vitest";
import { injectBridge } from "./scorm-bridge";

const inject = (page: string) => injectBridge(Buffer.from(page, "latin1")).toString("latin1");
const bridgeAt = (page: string) => page.indexOf("<script>//<![CDATA[");

describe("injectBridge", () => {
  it("puts the bridge right after <head>, before the package's own scripts", () => {
    const page = inject('<!DOCTYPE html><html><HEAD lang="fr"><script src="a.js"></script></head></html>');
    expect(bridgeAt(page)).toBe('<!DOCTYPE html><html><HEAD lang="fr">'.length);
    expect(page.endsWith('<script src="a.js"></script></head></html>')).toBe(true);
  });

  it("falls back to after <html>, the doctype, or the very start; never inside <header>", () => {
    expect(bridgeAt(inject("<html lang=fr><body><header>x</header></body></html>"))).toBe(14);
    expect(bridgeAt(inject("<!doctype html><body><script>x()</script>"))).toBe(15);
    expect(bridgeAt(inject("<script>x()</script>"))).toBe(0);
  });

  it("keeps the page's bytes as they are (a latin-1 page stays latin-1)", () => {
    const original = Buffer.from([0x3c, 0x68, 0x65, 0x61, 0x64, 0x3e, 0xe9, 0xe8]); // <head>éè in latin-1
    const result = injectBridge(original);
    expect(result.subarray(0, 6)).toEqual(original.subarray(0, 6));
    expect(result.subarray(-2)).toEqual(original.subarray(6));
    expect([...result].every((b, i) => i >= result.length - 2 || b < 0x80)).toBe(true);
  });
});
