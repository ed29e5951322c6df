import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { env } from "@/env";
import { findCurrentUser } from "@/server/auth/current-user";
import type { SessionUser } from "@/server/auth/options";
import { getDb } from "@/server/db";
import { getFleetHealth } from "./get-fleet-health";
import { getRoomsOverview } from "./get-rooms-overview";

/** A visitor goes to the sign-in page and comes back; a signed-in non-IT person gets a 404. */
async function requireItAdminPage(path: string): Promise<SessionUser> {
  const user = await findCurrentUser();
  if (!user) redirect(`/connexion?callbackUrl=${encodeURIComponent(path)}`);
  if (!user.roles.includes("it_admin")) notFound();
  return user;
}

/** The portal's address as a post must type it in `tremplin-kiosk register --portal …`. */
async function portalUrl(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
}

export async function loadRoomsPage() {
  const user = await requireItAdminPage("/dsi/salles");
  const now = new Date();
  const sites = await getRoomsOverview(await getDb(), { actor: user, now });
  return { sites, now, portalUrl: await portalUrl() };
}

export async function loadFleetPage() {
  const user = await requireItAdminPage("/dsi/parc");
  const now = new Date();
  return { ...(await getFleetHealth(await getDb(), { actor: user, now })), now };
}
