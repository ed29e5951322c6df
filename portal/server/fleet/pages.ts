import "server-only";
import { headers } from "next/headers";
import { env } from "@/env";
import { requirePageUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { getFleetHealth } from "./get-fleet-health";
import { getRoomsOverview } from "./get-rooms-overview";

/** The portal's address as a post must type it in `tremplin-kiosk register --portal …`. */
async function portalUrl(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
}

export async function loadRoomsPage() {
  const user = await requirePageUser("/dsi/salles", "it_admin");
  const now = new Date();
  const sites = await getRoomsOverview(await getDb(), { actor: user, now });
  return { sites, now, portalUrl: await portalUrl() };
}

export async function loadFleetPage() {
  const user = await requirePageUser("/dsi/parc", "it_admin");
  const now = new Date();
  return { ...(await getFleetHealth(await getDb(), { actor: user, now })), now };
}
