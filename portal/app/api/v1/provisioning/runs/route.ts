import { env } from "@/env";
import { findCurrentUser } from "@/server/auth/current-user";
import { getDb } from "@/server/db";
import { findDirectory } from "@/server/directory";
import { provisioningRoutes } from "@/server/provisioning/provisioning-routes";

export const dynamic = "force-dynamic";
// A run of a few hundred accounts takes tens of seconds against a real DC.
export const maxDuration = 600;

export const POST = provisioningRoutes({
  getDb,
  findDirectory,
  token: () => env().TREMPLIN_PROVISIONING_TOKEN,
  findUser: () => findCurrentUser(),
}).createRun;
