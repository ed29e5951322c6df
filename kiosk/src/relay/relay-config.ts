import { readFile } from "node:fs/promises";
import path from "node:path";
import { clockTimeSchema, defaultNightWindow } from "@tremplin/domain/device";
import { AppError, zodIssues } from "@tremplin/domain/errors";
import { z } from "zod";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A site's relay (`tremplin-kiosk relay --config <file>`). Relative paths resolve from the file's folder. */
export const relayConfigSchema = z.strictObject({
  upstream: z.strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .refine((u) => u.startsWith("https:") || loopbackHosts.has(new URL(u).hostname), {
        message: "le portail doit être en https (http seulement sur la boucle locale)",
      }),
    /** The device token of a post of the site (`tremplin-kiosk register`): it names the site. */
    tokenFile: z.string().min(1),
    timeoutMs: z.number().int().min(500).max(600_000).default(60_000),
  }),
  listen: z
    .strictObject({
      host: z.string().min(1).default("0.0.0.0"),
      /** 0 picks a free port (tests). */
      port: z.number().int().min(0).max(65_535).default(8090),
    })
    .default({ host: "0.0.0.0", port: 8090 }),
  storeDir: z.string().min(1),
  /** In the site's time zone; the portal's site settings win when it sends them. */
  nightWindow: z.strictObject({ start: clockTimeSchema, end: clockTimeSchema }).default(defaultNightWindow),
  timezone: z.string().min(1).default("Europe/Paris"),
  /** Upstream bandwidth cap for the whole relay, in Mbit/s. */
  capMbps: z.number().positive().max(100_000),
  /** Versions needed within this many days are fetched tonight. */
  lookaheadDays: z.number().int().min(1).max(30).default(3),
  /** Whether a post's miss is fetched upstream outside the window (at the cap) or refused with 503. */
  fetchOnMissOutsideWindow: z.boolean().default(false),
  /** Ed25519 public keys (SPKI PEM files) whose manifests this site accepts. */
  trustedKeyFiles: z.array(z.string().min(1)).min(1, "au moins une clé publique de confiance"),
  /** Versions kept per master beyond those the plan names (the store's gc after each night). */
  keepVersions: z.number().int().min(0).max(100).default(2),
  /** Minutes between two looks at the plan while the window is open. */
  planEveryMinutes: z.number().int().min(1).max(240).default(15),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type RelayConfig = z.infer<typeof relayConfigSchema>;

export function parseRelayConfig(input: unknown, baseDir: string): RelayConfig {
  const result = relayConfigSchema.safeParse(input);
  if (!result.success) {
    const issues = zodIssues(result.error);
    const list = issues.map((i) => `  - ${i.path} : ${i.message}`).join("\n");
    throw new AppError("config_invalid", `Configuration du relais invalide :\n${list}`, { issues });
  }
  const c = result.data;
  c.upstream.tokenFile = path.resolve(baseDir, c.upstream.tokenFile);
  c.storeDir = path.resolve(baseDir, c.storeDir);
  c.trustedKeyFiles = c.trustedKeyFiles.map((f) => path.resolve(baseDir, f));
  return c;
}

export async function loadRelayConfig(file: string): Promise<RelayConfig> {
  const abs = path.resolve(file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(abs, "utf8"));
  } catch (cause) {
    throw new AppError(
      "config_invalid",
      `Configuration du relais illisible (${abs}) : ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  return parseRelayConfig(json, path.dirname(abs));
}
