import { databaseEnvSchema } from "@tremplin/db/config";
import { z } from "zod";

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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TREMPLIN_SELF_REGISTRATION: booleanFlag.default(true),
  TREMPLIN_MAIL_OUTBOX_DIR: z.string().min(1).optional(),
  TREMPLIN_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: "attendu : smtp://… ou smtps://…" })
    .optional(),
});
export type PortalEnv = z.infer<typeof portalEnvSchema>;

/** Formats every bad key on one line: `VAR: what was expected`. */
export function describeEnvErrors(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(" ; ");
}

let cached: PortalEnv | undefined;
export function env(): PortalEnv {
  if (cached) return cached;
  const result = portalEnvSchema.safeParse(process.env);
  if (!result.success) throw new Error(`Configuration invalide — ${describeEnvErrors(result.error)}`);
  cached = result.data;
  return cached;
}
