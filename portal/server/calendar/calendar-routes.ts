import "server-only";
import type { Db } from "@tremplin/db/client";
import { route } from "@/server/http";
import { calendarFeed } from "./calendar-feed";

export type CalendarRouteDeps = { getDb: () => Promise<Db>; secret: () => string; baseUrl: () => string };

/** `GET /api/v1/calendar/<token>.ics`: what a calendar application subscribes to, no cookie. */
export function calendarRoutes(deps: CalendarRouteDeps) {
  return {
    feed: route("calendar.feed", async (_request, _ctx, context: { params: Promise<{ token: string }> }) => {
      const { token } = await context.params;
      const body = await calendarFeed(await deps.getDb(), {
        secret: deps.secret(),
        token: token.replace(/\.ics$/, ""),
        baseUrl: deps.baseUrl(),
        now: new Date(),
      });
      return new Response(body, {
        headers: {
          "content-type": "text/calendar; charset=utf-8",
          "cache-control": "private, max-age=300",
          // The address is a key: it must not travel on in a Referer.
          "referrer-policy": "no-referrer",
        },
      });
    }),
  };
}
