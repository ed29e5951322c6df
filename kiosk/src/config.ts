import { readFile } from "node:fs/promises";
import path from "node:path";
import { clockTimeSchema, defaultNightWindow } from "@tremplin/domain/device";
import { AppError, zodIssues } from "@tremplin/domain/errors";
import { z } from "zod";

const displayModes = ["gtk", "sdl", "vnc", "none"] as const;
export type DisplayMode = (typeof displayModes)[number];

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

const portalUrlSchema = z.url({ protocol: /^https?$/ });

const minutes = z.number().int().min(0).max(240);

/** The agent's JSON config. Paths may be relative: they are resolved from the config file's folder. */
export const kioskConfigSchema = z
  .strictObject({
    portal: z.strictObject({
      url: portalUrlSchema,
      tokenFile: z.string().min(1),
      timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
      /** Labs and tests only: allows http to a portal that is not on the loopback. */
      plainHttp: z.boolean().default(false),
    }),
    /**
     * Shown until the first schedule arrives; the portal's room name wins afterwards. Absent on
     * a kiosk-OS post: it learns its room and label when it registers.
     */
    room: z.string().trim().min(1).optional(),
    /** This post's label in event logs ("poste 3"); absent: the label given at registration. */
    post: z.string().trim().min(1).max(128).optional(),
    /**
     * A post without a device token shows the first-boot screen (IT's one-time code) instead of
     * refusing to start: how the kiosk OS comes up on a new or spare NUC.
     */
    firstBoot: z.boolean().default(false),
    dataDir: z.string().min(1),
    mastersDir: z.string().min(1),
    overlayDir: z.string().min(1),
    /** 0 picks a free port (tests). */
    listenPort: z.number().int().min(0).max(65_535).default(8080),
    display: z.enum(displayModes).default("gtk"),
    /** Where the VM's serial console goes (diagnostics, tests); none when absent. */
    serialFile: z.string().min(1).optional(),
    grace: z
      .strictObject({ beforeMinutes: minutes.default(15), afterMinutes: minutes.default(15) })
      .default({ beforeMinutes: 15, afterMinutes: 15 }),
    heartbeatSeconds: z.number().int().min(5).max(3600).default(60),
    scheduleRefreshSeconds: z.number().int().min(5).max(3600).default(60),
    vm: z
      .strictObject({
        accelerator: z.enum(["auto", "kvm", "tcg"]).default("auto"),
        memoryMiB: z.number().int().min(64).optional(),
        vcpus: z.number().int().min(1).max(64).optional(),
        /** USB pass-through: none, mass storage only (pen drives), or any device. */
        usb: z.enum(["none", "storage", "all"]).default("none"),
        /**
         * Obsolete, ignored: the VM's screen has no TCP port any more (QEMU's VNC is on a unix
         * socket the agent bridges). Still accepted so that existing agent.json files parse.
         */
        vncWebsocketPort: z.number().int().min(1).max(65_535).optional(),
        /** A tiny qcow2 that prints `TREMPLIN-BOOT:` on its serial port: `auto` boots it under KVM to know. */
        kvmProbeImage: z.string().min(1).optional(),
        powerdownTimeoutSeconds: z.number().int().min(1).max(600).default(30),
      })
      .default({ accelerator: "auto", usb: "none", powerdownTimeoutSeconds: 30 }),
    /** Booted for a trainer outside any session; learners always get their session's master. */
    defaultMaster: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }).optional(),
    directory: z.strictObject({
      url: z.url({ protocol: /^ldaps?$/ }),
      /** `ldap://` then needs StartTLS: AD refuses simple binds in clear. */
      startTls: z.boolean().default(false),
      baseDn: z.string().min(1),
      /** Appended to a bare login (`a.dupont` → `a.dupont@<suffix>`); default: the base DN's DNS domain. */
      upnSuffix: z.string().min(1).optional(),
      caFile: z.string().min(1).optional(),
      /** TLS name to check when `url` names an address (Samba's certificate names the DC's host). */
      tlsServername: z.string().min(1).optional(),
      /** Members (nested too) may always log in, session or not. */
      trainerGroupDn: z.string().min(1).optional(),
      timeoutMs: z.number().int().min(500).max(60_000).default(8000),
    }),
    /** The night sync of masters (docs/masters-distribution.md); absent: masters are copied by hand. */
    masterSync: z
      .strictObject({
        /** The site's relay (`tremplin-kiosk relay`), e.g. http://relais.albi.lan:8090. */
        relayUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** Whether the post may fetch from the portal itself when the relay lacks a chunk or is down. */
        portalFallback: z.boolean().default(false),
        /** Ed25519 public keys (SPKI PEM files) whose manifests the post accepts. */
        trustedKeyFiles: z.array(z.string().min(1)).min(1, "au moins une clé publique de confiance"),
        /** In the site's time zone (the schedule's). */
        nightWindow: z
          .strictObject({ start: clockTimeSchema, end: clockTimeSchema })
          .default(defaultNightWindow),
        /** Sync as soon as a version is needed, window or not (demo, a post set up on site). */
        anyTime: z.boolean().default(false),
        everyMinutes: z.number().int().min(1).max(240).default(10),
      })
      .optional(),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    demo: z
      .strictObject({
        /** A line shown under the form, e.g. the demo trainee's login. */
        hint: z.string().max(300).optional(),
      })
      .optional(),
  })
  .superRefine(
    (c, ctx) => {
      // Runs even when other keys are wrong (`when`), so every error is listed at once: hence
      // the defensive reading of a value that may not have parsed.
      const raw = c as { firstBoot?: unknown; room?: unknown; post?: unknown };
      if (raw.firstBoot === true) return;
      for (const key of ["room", "post"] as const) {
        if (raw[key] === undefined)
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "obligatoire, sauf avec firstBoot (le poste l'apprend à son enregistrement)",
          });
      }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .superRefine((c, ctx) => {
    const portal = new URL(c.portal.url);
    if (portal.protocol === "http:" && !loopbackHosts.has(portal.hostname) && !c.portal.plainHttp) {
      ctx.addIssue({
        code: "custom",
        path: ["portal", "url"],
        message:
          "le portail doit être en https (http seulement sur la boucle locale, ou avec portal.plainHttp en laboratoire)",
      });
    }
    if (c.directory.url.startsWith("ldaps:") && c.directory.startTls) {
      ctx.addIssue({
        code: "custom",
        path: ["directory", "startTls"],
        message: "StartTLS ne s'applique pas à ldaps:// (déjà chiffré)",
      });
    }
    if (c.directory.url.startsWith("ldap:") && !c.directory.startTls) {
      ctx.addIssue({
        code: "custom",
        path: ["directory", "startTls"],
        message:
          "ldap:// sans StartTLS : l'annuaire refuse les mots de passe en clair (utilisez ldaps:// ou startTls)",
      });
    }
    if (path.resolve(c.overlayDir) === path.resolve(c.mastersDir)) {
      ctx.addIssue({
        code: "custom",
        path: ["overlayDir"],
        message: "doit différer de mastersDir : les overlays y sont effacés au démarrage",
      });
    }
  });

export type KioskConfig = z.infer<typeof kioskConfigSchema>;

const pathKeys = ["dataDir", "mastersDir", "overlayDir", "serialFile"] as const;

/** Parses a config object; every problem at once as `config_invalid`. Relative paths resolve from `baseDir`. */
export function parseKioskConfig(input: unknown, baseDir: string): KioskConfig {
  const result = kioskConfigSchema.safeParse(input);
  if (!result.success) {
    const issues = zodIssues(result.error);
    const list = issues.map((i) => `  - ${i.path} : ${i.message}`).join("\n");
    throw new AppError("config_invalid", `Configuration invalide :\n${list}`, { issues });
  }
  const c = result.data;
  for (const key of pathKeys) {
    const value = c[key];
    if (value !== undefined) c[key] = path.resolve(baseDir, value);
  }
  c.portal.tokenFile = path.resolve(baseDir, c.portal.tokenFile);
  if (c.directory.caFile) c.directory.caFile = path.resolve(baseDir, c.directory.caFile);
  if (c.vm.kvmProbeImage) c.vm.kvmProbeImage = path.resolve(baseDir, c.vm.kvmProbeImage);
  if (c.masterSync)
    c.masterSync.trustedKeyFiles = c.masterSync.trustedKeyFiles.map((f) => path.resolve(baseDir, f));
  return c;
}

/** Reads and parses the config file named on the command line. */
export async function loadKioskConfig(file: string): Promise<KioskConfig> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, "utf8");
  } catch (cause) {
    throw new AppError(
      "config_invalid",
      `Impossible de lire la configuration ${abs} : ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AppError("config_invalid", `${abs} n'est pas du JSON valide : ${(cause as Error).message}`, {
      cause,
    });
  }
  return parseKioskConfig(json, path.dirname(abs));
}
