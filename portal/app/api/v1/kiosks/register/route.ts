import { getDb } from "@/server/db";
import { deviceRoutes } from "@/server/devices/device-routes";

export const dynamic = "force-dynamic";

export const POST = deviceRoutes({ getDb }).register;
