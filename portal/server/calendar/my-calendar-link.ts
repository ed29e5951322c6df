import "server-only";
import { publicBaseUrl } from "@/server/app-deps";
import { portalSecret } from "@/server/auth/options";
import { calendarToken } from "./calendar-feed";

/** The address a person gives their calendar application to follow their sessions. */
export function myCalendarUrl(userId: string): string {
  return `${publicBaseUrl()}/api/v1/calendar/${calendarToken(portalSecret(), userId)}.ics`;
}
