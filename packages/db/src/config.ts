import { z } from "zod";
import type { DatabaseOptions } from "./client";

/**
 * The database settings every app reads from its environment: `DATABASE_URL` switches to
 * PostgreSQL; without it, PGlite persists under `TREMPLIN_DATA_DIR/db`.
 */
export const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((value) => /^postgres(ql)?:\/\/[^/\s]+/.test(value) && URL.canParse(value), {
      message: "attendu : une URL postgres://utilisateur:motdepasse@hôte:port/base",
    })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TREMPLIN_DATA_DIR: z.string().min(1).default("./data"),
});
export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

export function databaseOptionsFromEnv(env: DatabaseEnv, resolve: (p: string) => string): DatabaseOptions {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE };
  return { kind: "pglite", dataDir: resolve(`${env.TREMPLIN_DATA_DIR}/db`) };
}
