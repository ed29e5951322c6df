import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "@tremplin/domain/errors";
import { describe, expect, it } from "vitest";
import { loadKioskConfig, parseKioskConfig } from "./config";

const minimal = {
  portal: { url: "https://portail.formation.example", tokenFile: "token" },
  room: "Salle Jean Moulin",
  post: "poste 3",
  dataDir: "data",
  mastersDir: "/srv/masters",
  overlayDir: "overlays",
  directory: {
    url: "ldaps://dc1.formation.example",
    upnSuffix: "formation.example",
    baseDn: "DC=formation,DC=example",
  },
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseKioskConfig(input, "/etc/tremplin");
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("config_invalid");
    return (error as AppError).issues;
  }
  throw new Error("expected the config to be refused");
}

describe("parseKioskConfig", () => {
  it("fills defaults and resolves relative paths from the config's folder", () => {
    const c = parseKioskConfig(minimal, "/etc/tremplin");
    expect(c.listenPort).toBe(8080);
    expect(c.display).toBe("gtk");
    expect(c.grace).toEqual({ beforeMinutes: 15, afterMinutes: 15 });
    expect(c.heartbeatSeconds).toBe(60);
    expect(c.vm).toMatchObject({ accelerator: "auto", usb: "none" });
    expect(c.dataDir).toBe("/etc/tremplin/data");
    expect(c.mastersDir).toBe("/srv/masters");
    expect(c.portal.tokenFile).toBe("/etc/tremplin/token");
    expect(c.directory.timeoutMs).toBe(8000);
  });

  it("reports every bad key at once, naming each", () => {
    const issues = issuesOf({
      ...minimal,
      portal: { url: "ftp://x", tokenFile: "" },
      listenPort: 70_000,
      display: "x11",
      grace: { beforeMinutes: -1 },
      colour: "blue",
      room: undefined,
    });
    const paths = issues.map((i) => i.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        "portal.url",
        "portal.tokenFile",
        "listenPort",
        "display",
        "grace.beforeMinutes",
        "room",
        "(racine)",
      ]),
    );
  });

  it("refuses a portal in clear over the network but allows loopback", () => {
    expect(
      issuesOf({ ...minimal, portal: { url: "http://portail.example", tokenFile: "t" } })[0]?.message,
    ).toMatch(/https/);
    const local = { ...minimal, portal: { url: "http://127.0.0.1:3000", tokenFile: "t" } };
    expect(parseKioskConfig(local, "/").portal.url).toBe("http://127.0.0.1:3000");
  });

  it("refuses plain LDAP without StartTLS and overlays inside the masters folder", () => {
    const issues = issuesOf({
      ...minimal,
      overlayDir: "/srv/masters",
      directory: { ...minimal.directory, url: "ldap://dc1" },
    });
    expect(issues.map((i) => i.path).sort()).toEqual(["directory.startTls", "overlayDir"]);
  });
});

describe("loadKioskConfig", () => {
  it("says which file is not JSON", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kiosk-config-"));
    const file = path.join(dir, "agent.json");
    await writeFile(file, "{ room: 'x' ");
    await expect(loadKioskConfig(file)).rejects.toThrow(`${file} n'est pas du JSON valide`);
    await expect(loadKioskConfig(path.join(dir, "absent.json"))).rejects.toThrow("Impossible de lire");
  });
});
