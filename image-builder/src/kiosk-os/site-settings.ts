import { z } from "zod";

const hostname = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/, "nom d'hôte invalide");

/**
 * What one region's posts share, baked into its kiosk-OS image (`--site <file.json>`): the
 * portal, the Active Directory, the keys masters and OS updates must be signed with. Everything
 * per post (room, label, token) comes from registration, so one image serves every site.
 * Relative file paths resolve from the settings file's folder.
 */
export const siteSettingsSchema = z.strictObject({
  portal: z.strictObject({
    url: z.url({ protocol: /^https?$/ }),
    /** Labs and tests only: http to a portal that is not on the loopback. */
    plainHttp: z.boolean().default(false),
  }),
  directory: z.strictObject({
    url: z.url({ protocol: /^ldaps?$/ }),
    startTls: z.boolean().default(false),
    baseDn: z.string().min(1),
    upnSuffix: z.string().min(1).optional(),
    /** The AD's CA certificate (PEM), copied into the image. */
    caFile: z.string().min(1).optional(),
    tlsServername: hostname.optional(),
    trainerGroupDn: z.string().min(1).optional(),
  }),
  masterSync: z.strictObject({
    /** Ed25519 public keys (SPKI PEM) whose manifests the posts accept: masters and OS updates alike. */
    trustedKeyFiles: z.array(z.string().min(1)).min(1, "au moins une clé publique de confiance"),
    relayUrl: z.url({ protocol: /^https?$/ }).optional(),
    portalFallback: z.boolean().default(true),
    /** Sync as soon as a version is needed, night window or not (labs, tests). */
    anyTime: z.boolean().default(false),
    everyMinutes: z.number().int().min(1).max(240).default(10),
  }),
  /** Extra /etc/hosts lines (a lab's DC by name, say). */
  hosts: z
    .array(z.strictObject({ ip: z.ipv4(), names: z.array(hostname).min(1) }))
    .max(64)
    .default([]),
  vm: z
    .strictObject({
      accelerator: z.enum(["auto", "kvm", "tcg"]).default("auto"),
      usb: z.enum(["none", "storage", "all"]).default("storage"),
    })
    .default({ accelerator: "auto", usb: "storage" }),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;
