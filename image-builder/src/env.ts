import { homedir } from "node:os";
import path from "node:path";
import { parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";

const envSchema = z.object({
  XDG_CACHE_HOME: z.string().min(1).optional(),
  /** Where downloaded .deb files are kept between builds. */
  TREMPLIN_IMAGE_CACHE: z.string().min(1).optional(),
});

const env = parseOrThrow(envSchema, process.env, "Environnement");

export const defaultCacheDir =
  env.TREMPLIN_IMAGE_CACHE ??
  path.join(env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache"), "tremplin", "debs");
