import { databaseEnvSchema } from "@tremplin/db/config";
import { type DirectoryConfig, parseDirectoryEnv } from "@tremplin/directory/config";
import { isAppError } from "@tremplin/domain/errors";
import { z } from "zod";

// French first: zod's own messages (a field's type, a missing value) reach people in forms,
// API errors and start-up lines. Set here because every server module reads the settings.
z.config(z.locales.fr());

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "attendu : true ou false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** Every portal setting. `.env.example` lists them with their defaults; nothing else reads process.env. */
export const portalEnvSchema = databaseEnvSchema.extend({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_URL: z
    .url({ message: "attendu : l'URL publique du portail, ex. http://localhost:3000" })
    .optional(),
  NEXTAUTH_SECRET: z.string().min(32, { message: "attendu : au moins 32 caractères aléatoires" }).optional(),
  /** Set by `next build` while it collects pages: no request is served, no session is made. */
  NEXT_PHASE: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TREMPLIN_SELF_REGISTRATION: booleanFlag.default(true),
  TREMPLIN_MAIL_OUTBOX_DIR: z.string().min(1).optional(),
  /** Enrolment mails handed over per second at most, per instance: a burst's mails follow at this pace. */
  TREMPLIN_MAIL_PER_SECOND: z.coerce
    .number({ message: "attendu : un nombre de messages par seconde, ex. 50" })
    .positive({ message: "attendu : un nombre de messages par seconde supérieur à 0" })
    .default(50),
  /** The address mails come from: one the SMTP relay accepts as sender (MAIL FROM). */
  TREMPLIN_MAIL_FROM: z
    .email({ message: "attendu : une adresse e-mail, ex. formation@region.fr" })
    .default("no-reply@tremplin.local"),
  TREMPLIN_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/?#]+/, {
      message: "attendu : smtp://hôte:587 (STARTTLS) ou smtps://utilisateur:mot-de-passe@hôte:465",
    })
    .refine((v) => URL.canParse(v), {
      message: "URL illisible (un « @ » ou « : » dans le mot de passe s'écrit %40 ou %3A)",
    })
    .optional(),
  /** PEM of a private CA that signed the SMTP relay's certificate (Node's bundle otherwise). */
  TREMPLIN_SMTP_CA_FILE: z.string().trim().min(1).optional(),
  /** Bearer token of the scheduled provisioning job (`portal/bin/tremplin-provision.mjs`). */
  TREMPLIN_PROVISIONING_TOKEN: z
    .string()
    .min(32, { message: "attendu : au moins 32 caractères aléatoires (openssl rand -hex 32)" })
    .optional(),
  /** Bearer token of the metrics scraper; without it, /api/metrics answers 404 in production. */
  TREMPLIN_METRICS_TOKEN: z
    .string()
    .min(32, { message: "attendu : au moins 32 caractères aléatoires (openssl rand -hex 32)" })
    .optional(),
  /**
   * Failed sign-ins the domain allows before it locks an account, when it is lower than what the
   * domain's policy says (a fine-grained password policy) or cannot be read; 0: no lockout.
   */
  TREMPLIN_LOCKOUT_THRESHOLD: z.coerce
    .number({ message: "attendu : un nombre d'échecs, ex. 5 (0 : pas de verrouillage)" })
    .int({ message: "attendu : un nombre entier d'échecs" })
    .min(0)
    .max(1000)
    .optional(),
  /** The organisation named in the certificates of the signing PKI made at first start. */
  TREMPLIN_SIGNING_ORGANISATION: z.string().trim().min(1).max(64).default("Tremplin"),
  /** Production: the document-signing key, certificate and chain (PKCS#12), instead of the built-in PKI. */
  TREMPLIN_SIGNING_P12: z.string().trim().min(1).optional(),
  TREMPLIN_SIGNING_P12_PASSWORD: z.string().optional(),
  /** Production: an external RFC 3161 time-stamp authority (e.g. a qualified eIDAS one). */
  TREMPLIN_TSA_URL: z
    .url({ protocol: /^https?$/, message: "attendu : l'URL http(s) d'une autorité d'horodatage RFC 3161" })
    .optional(),
  /** PEM of that authority's certificate: its tokens are checked against it. */
  TREMPLIN_TSA_CERT_FILE: z.string().trim().min(1).optional(),
  /** Bearer token of IT's build machine: `tremplin-image publish --portal` (decision 029). */
  TREMPLIN_PUBLISH_TOKEN: z
    .string()
    .min(32, { message: "attendu : au moins 32 caractères aléatoires (openssl rand -hex 32)" })
    .optional(),
  /** Ed25519 public keys (PEM files, separated by commas) whose masters the portal accepts. */
  TREMPLIN_MASTER_KEYS: z
    .string()
    .trim()
    .min(1)
    .transform((v) =>
      v
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean),
    )
    .optional(),
  /** Masters' chunks in an S3-compatible bucket (path-style URL) instead of <data dir>/masters. */
  TREMPLIN_MASTERS_S3_URL: z
    .url({
      protocol: /^https?$/,
      message: "attendu : l'URL du compartiment, ex. https://s3.region.fr/masters",
    })
    .optional(),
  TREMPLIN_MASTERS_S3_REGION: z.string().trim().min(1).default("us-east-1"),
  TREMPLIN_MASTERS_S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  TREMPLIN_MASTERS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** The domain's "reset account lockout counter after", when it cannot be read (minutes). */
  TREMPLIN_LOCKOUT_WINDOW_MINUTES: z.coerce
    .number({ message: "attendu : un nombre de minutes, ex. 30" })
    .int({ message: "attendu : un nombre entier de minutes" })
    .min(1)
    .max(100_000)
    .optional(),
});
export type PortalEnv = z.infer<typeof portalEnvSchema> & {
  /** Active Directory settings (TREMPLIN_LDAP_*), or undefined: local accounts only. */
  directory: DirectoryConfig | undefined;
};

/** Formats every bad key on one line: `VAR: what was expected`. */
export function describeEnvErrors(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(" ; ");
}

/**
 * Parses a whole environment, reporting every bad key at once: `{ ok: false, message }` is the
 * one line start-up prints before it stops.
 */
export function parsePortalEnv(
  raw: Record<string, string | undefined>,
): { ok: true; env: PortalEnv } | { ok: false; message: string } {
  const result = portalEnvSchema
    .superRefine(requireSecretInProduction)
    .superRefine(requireSigningPairs)
    .superRefine(requireS3Credentials)
    .safeParse(raw);
  if (!result.success)
    return { ok: false, message: `Configuration invalide — ${describeEnvErrors(result.error)}` };
  try {
    return { ok: true, env: { ...result.data, directory: parseDirectoryEnv(raw) } };
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * A production portal signs sessions with its own secret only: a built-in one is public (it is
 * in this repository), and anyone could forge a session cookie with it. `next build` runs in
 * production mode too but serves nothing, so it may go without.
 */
function requireSecretInProduction(env: z.infer<typeof portalEnvSchema>, ctx: z.RefinementCtx) {
  if (env.NODE_ENV !== "production" || env.NEXTAUTH_SECRET) return;
  if (env.NEXT_PHASE === "phase-production-build") return;
  ctx.addIssue({
    code: "custom",
    path: ["NEXTAUTH_SECRET"],
    message: "obligatoire en production : au moins 32 caractères aléatoires (openssl rand -hex 32)",
  });
}

/** A PKCS#12 file goes with its password, an external TSA with the certificate its tokens are checked against. */
function requireSigningPairs(env: z.infer<typeof portalEnvSchema>, ctx: z.RefinementCtx) {
  if (env.TREMPLIN_SIGNING_P12 && env.TREMPLIN_SIGNING_P12_PASSWORD === undefined)
    ctx.addIssue({
      code: "custom",
      path: ["TREMPLIN_SIGNING_P12_PASSWORD"],
      message: "obligatoire avec TREMPLIN_SIGNING_P12 (le mot de passe du fichier PKCS#12)",
    });
  if (env.TREMPLIN_TSA_URL && !env.TREMPLIN_TSA_CERT_FILE)
    ctx.addIssue({
      code: "custom",
      path: ["TREMPLIN_TSA_CERT_FILE"],
      message: "obligatoire avec TREMPLIN_TSA_URL (le certificat PEM de l'autorité d'horodatage)",
    });
}

/** An S3 bucket goes with the key pair that signs requests to it. */
function requireS3Credentials(env: z.infer<typeof portalEnvSchema>, ctx: z.RefinementCtx) {
  if (!env.TREMPLIN_MASTERS_S3_URL) return;
  for (const key of ["TREMPLIN_MASTERS_S3_ACCESS_KEY_ID", "TREMPLIN_MASTERS_S3_SECRET_ACCESS_KEY"] as const) {
    if (!env[key])
      ctx.addIssue({ code: "custom", path: [key], message: "obligatoire avec TREMPLIN_MASTERS_S3_URL" });
  }
}

let cached: PortalEnv | undefined;
export function env(): PortalEnv {
  if (cached) return cached;
  const parsed = parsePortalEnv(process.env);
  if (!parsed.ok) throw new Error(parsed.message);
  cached = parsed.env;
  return cached;
}
