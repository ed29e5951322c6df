import "server-only";
import type { SessionUser } from "@/server/auth/options";
import { getDb } from "@/server/db";
import { getRoleHome } from "./get-role-home";

export async function loadRoleHome(user: SessionUser) {
  return getRoleHome(await getDb(), { actor: user, now: new Date() });
}
