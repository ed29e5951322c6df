import { AppError, zodIssues } from "@tremplin/domain/errors";
import { z } from "zod";

/** How the connection is protected before any password goes over it. */
export type Transport = "ldaps" | "starttls" | "plain";

export type RoleGroups = { learner?: string; trainer?: string; it_admin?: string; auditor?: string };

export type DirectoryConfig = {
  url: string;
  transport: Transport;
  /** Lab only: lets a simple bind go over an unencrypted connection. */
  allowPlain: boolean;
  baseDn: string;
  /** PEM file of the CA that signed the DC's certificate; without it, Node's bundled CAs. */
  caFile?: string;
  /** Name to check the certificate against when `url` names the DC by address. */
  tlsServername?: string;
  /** Service account for searches and provisioning; without it, searches run as the user who signs in. */
  service?: { dn: string; password: string };
  usersOu?: string;
  /**
   * Group DN per role (nested membership counts). With no learner group, every directory
   * account that signs in is a learner.
   */
  roleGroups: RoleGroups;
  /** Suffix that turns `jdupont` into the bind name `jdupont@<suffix>`: the AD DNS domain. */
  upnSuffix: string;
  timeoutMs: number;
  provisioning: { graceDays: number; mustChangePassword: boolean };
};

const dnPattern = /^[A-Za-z][A-Za-z0-9-]*=[^,]+(,\s*[A-Za-z][A-Za-z0-9-]*=[^,]+)*$/;
const dn = (what: string) =>
  z
    .string()
    .trim()
    .max(1024)
    .refine(
      (v) => dnPattern.test(v.replace(/\\,/g, "")),
      `${what} : un DN LDAP est attendu (ex. OU=Stagiaires,DC=region,DC=fr)`,
    );
const flag = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** The TREMPLIN_LDAP_* environment keys (README, configuration table). */
export const directoryEnvSchema = z.object({
  TREMPLIN_LDAP_URL: z
    .string()
    .trim()
    .regex(/^ldaps?:\/\/[^/\s]+\/?$/i, "ldap://hôte[:port] ou ldaps://hôte[:port] attendu"),
  TREMPLIN_LDAP_BASE_DN: dn("TREMPLIN_LDAP_BASE_DN"),
  TREMPLIN_LDAP_CA_FILE: optional(z.string().trim().min(1)),
  TREMPLIN_LDAP_TLS_SERVERNAME: optional(z.string().trim().min(1).max(253)),
  TREMPLIN_LDAP_BIND_DN: optional(dn("TREMPLIN_LDAP_BIND_DN")),
  TREMPLIN_LDAP_BIND_PASSWORD: optional(z.string().min(1).max(256)),
  TREMPLIN_LDAP_USERS_OU: optional(dn("TREMPLIN_LDAP_USERS_OU")),
  TREMPLIN_LDAP_GROUP_LEARNER: optional(dn("TREMPLIN_LDAP_GROUP_LEARNER")),
  TREMPLIN_LDAP_GROUP_TRAINER: optional(dn("TREMPLIN_LDAP_GROUP_TRAINER")),
  TREMPLIN_LDAP_GROUP_IT_ADMIN: optional(dn("TREMPLIN_LDAP_GROUP_IT_ADMIN")),
  TREMPLIN_LDAP_GROUP_AUDITOR: optional(dn("TREMPLIN_LDAP_GROUP_AUDITOR")),
  TREMPLIN_LDAP_UPN_SUFFIX: optional(z.string().trim().min(1).max(253)),
  TREMPLIN_LDAP_STARTTLS: flag,
  TREMPLIN_LDAP_ALLOW_PLAIN: flag,
  TREMPLIN_LDAP_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(120_000)).default(5_000),
  TREMPLIN_LDAP_GRACE_DAYS: optional(z.coerce.number().int().min(0).max(365)).default(7),
  TREMPLIN_LDAP_MUST_CHANGE_PASSWORD: z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .optional()
    .transform((v) => v === undefined || v === "true" || v === "1" || v === "yes"),
});
export type DirectoryEnv = z.infer<typeof directoryEnvSchema>;

/**
 * Reads the directory settings from an environment record. Returns `undefined` when
 * TREMPLIN_LDAP_URL is not set (no directory: local accounts only); otherwise the whole
 * configuration, or an `AppError("config_invalid")` naming every bad key at once.
 */
export function parseDirectoryEnv(env: Record<string, string | undefined>): DirectoryConfig | undefined {
  if (!env.TREMPLIN_LDAP_URL?.trim()) return undefined;
  const parsed = directoryEnvSchema.safeParse(env);
  const issues = parsed.success ? crossCheck(parsed.data) : zodIssues(parsed.error);
  if (!parsed.success || issues.length > 0) {
    const summary = issues.map((i) => `${i.path} : ${i.message}`).join(" ; ");
    throw new AppError("config_invalid", `Configuration de l'annuaire invalide — ${summary}`, { issues });
  }
  return toConfig(parsed.data);
}

function crossCheck(env: DirectoryEnv): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const isLdaps = env.TREMPLIN_LDAP_URL.toLowerCase().startsWith("ldaps:");
  if (isLdaps && env.TREMPLIN_LDAP_STARTTLS) {
    issues.push({
      path: "TREMPLIN_LDAP_STARTTLS",
      message: "StartTLS ne s'applique pas à ldaps:// (déjà chiffré)",
    });
  }
  if (!isLdaps && !env.TREMPLIN_LDAP_STARTTLS && !env.TREMPLIN_LDAP_ALLOW_PLAIN) {
    issues.push({
      path: "TREMPLIN_LDAP_URL",
      message:
        "ldap:// sans StartTLS enverrait les mots de passe en clair : utilisez ldaps://, ou " +
        "TREMPLIN_LDAP_STARTTLS=true (TREMPLIN_LDAP_ALLOW_PLAIN=true : laboratoire seulement)",
    });
  }
  if (Boolean(env.TREMPLIN_LDAP_BIND_DN) !== Boolean(env.TREMPLIN_LDAP_BIND_PASSWORD)) {
    issues.push({
      path: env.TREMPLIN_LDAP_BIND_DN ? "TREMPLIN_LDAP_BIND_PASSWORD" : "TREMPLIN_LDAP_BIND_DN",
      message: "le compte de service demande TREMPLIN_LDAP_BIND_DN et TREMPLIN_LDAP_BIND_PASSWORD ensemble",
    });
  }
  return issues;
}

function toConfig(env: DirectoryEnv): DirectoryConfig {
  const url = env.TREMPLIN_LDAP_URL.replace(/\/$/, "");
  const transport: Transport = url.toLowerCase().startsWith("ldaps:")
    ? "ldaps"
    : env.TREMPLIN_LDAP_STARTTLS
      ? "starttls"
      : "plain";
  const service =
    env.TREMPLIN_LDAP_BIND_DN && env.TREMPLIN_LDAP_BIND_PASSWORD
      ? { dn: env.TREMPLIN_LDAP_BIND_DN, password: env.TREMPLIN_LDAP_BIND_PASSWORD }
      : undefined;
  return {
    url,
    transport,
    allowPlain: env.TREMPLIN_LDAP_ALLOW_PLAIN,
    baseDn: env.TREMPLIN_LDAP_BASE_DN,
    caFile: env.TREMPLIN_LDAP_CA_FILE,
    tlsServername: env.TREMPLIN_LDAP_TLS_SERVERNAME,
    service,
    usersOu: env.TREMPLIN_LDAP_USERS_OU,
    roleGroups: {
      learner: env.TREMPLIN_LDAP_GROUP_LEARNER,
      trainer: env.TREMPLIN_LDAP_GROUP_TRAINER,
      it_admin: env.TREMPLIN_LDAP_GROUP_IT_ADMIN,
      auditor: env.TREMPLIN_LDAP_GROUP_AUDITOR,
    },
    upnSuffix: env.TREMPLIN_LDAP_UPN_SUFFIX ?? dnsDomainOf(env.TREMPLIN_LDAP_BASE_DN),
    timeoutMs: env.TREMPLIN_LDAP_TIMEOUT_MS,
    provisioning: {
      graceDays: env.TREMPLIN_LDAP_GRACE_DAYS,
      mustChangePassword: env.TREMPLIN_LDAP_MUST_CHANGE_PASSWORD,
    },
  };
}

/** `DC=region,DC=example,DC=fr` → `region.example.fr`: AD's DNS domain, the implicit UPN suffix. */
export function dnsDomainOf(baseDn: string): string {
  return baseDn
    .split(",")
    .map((part) => part.trim())
    .filter((part) => /^dc=/i.test(part))
    .map((part) => part.slice(3))
    .join(".")
    .toLowerCase();
}
