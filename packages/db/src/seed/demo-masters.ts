/**
 * The demo's masters, as catalogue entries: a name and one version each, no manifest yet (the
 * image builder publishes real ones). Session planning picks a version from here.
 */
export type DemoMaster = {
  name: string;
  os: "windows" | "linux";
  description: string;
  version: string;
  sizeBytes: number;
};

const GiB = 1024 ** 3;

export const demoMasters: readonly DemoMaster[] = [
  {
    name: "windows-10",
    os: "windows",
    description: "Windows 10 Entreprise LTSC, suite bureautique, AutoCAD LT et outils logistiques.",
    version: "2026.10",
    sizeBytes: 24 * GiB,
  },
  {
    name: "windows-11",
    os: "windows",
    description: "Windows 11 Éducation, Microsoft 365 Apps, logiciels de comptabilité et de paie.",
    version: "2026.11",
    sizeBytes: 32 * GiB,
  },
  {
    name: "debian",
    os: "linux",
    description: "Debian 12 avec LibreOffice, FreeCAD et un environnement de bureau Xfce.",
    version: "12.8",
    sizeBytes: 9 * GiB,
  },
  {
    name: "demo-linux",
    os: "linux",
    description:
      "Linux minimal de démonstration (noyau Debian et busybox) : une console au nom de la formation.",
    version: "1",
    sizeBytes: 16 * 1024 ** 2,
  },
];

/**
 * What every session of the demo room boots: the tiny master `npm start` builds for the demo
 * kiosk and installs under this very name and version.
 */
export const demoKioskMaster = { name: "demo-linux", version: "1" } as const;

export type DemoMasterName = "windows-10" | "windows-11" | "debian" | "demo-linux";
