import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect-path";

const origin = "https://formation.region.example";

describe("safeRedirectPath", () => {
  it("keeps a path of the site, with its query and fragment", () => {
    expect(safeRedirectPath("/compte")).toBe("/compte");
    expect(safeRedirectPath("/dsi/planning?semaine=2026-12-07#lundi")).toBe(
      "/dsi/planning?semaine=2026-12-07#lundi",
    );
    expect(safeRedirectPath("/formations/../compte")).toBe("/compte");
  });

  // The old check (starts with "/" and not with "//") let the first four through: a browser
  // reads a backslash as a slash and drops tabs and newlines, so each one names another host.
  it.each([
    "/\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/compte",
    "javascript:alert(1)",
    "evil.example",
    "",
    "/./\\evil.example",
  ])("refuses %j", (input) => {
    expect(safeRedirectPath(input)).toBe("/");
    expect(safeRedirectPath(input, { origin })).toBe("/");
  });

  it("refuses a path that resolves to two leading slashes", () => {
    expect(safeRedirectPath("/.//evil.example")).toBe("/");
  });

  it("accepts an absolute URL of the portal's own origin only", () => {
    expect(safeRedirectPath(`${origin}/compte?x=1`, { origin })).toBe("/compte?x=1");
    expect(safeRedirectPath(`${origin}.evil.example/compte`, { origin })).toBe("/");
    expect(safeRedirectPath(`${origin}@evil.example/compte`, { origin })).toBe("/");
    expect(safeRedirectPath(`${origin}/compte`)).toBe("/");
  });

  it("gives the fallback for anything that is not a string", () => {
    expect(safeRedirectPath(undefined, { fallback: "/accueil" })).toBe("/accueil");
    expect(safeRedirectPath(["/compte"])).toBe("/");
    expect(safeRedirectPath(`/${"a".repeat(5000)}`)).toBe("/");
  });
});
