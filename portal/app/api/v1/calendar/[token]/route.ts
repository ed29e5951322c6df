import { publicBaseUrl } from "@/server/app-deps";
import { portalSecret } from "@/server/auth/options";
import { calendarRoutes } from "@/server/calendar/calendar-routes";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

export const GET = calendarRoutes({ getDb, secret: portalSecret, baseUrl: publicBaseUrl }).feed;
