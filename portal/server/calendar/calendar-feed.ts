import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { listCalendarSessions } from "@tremplin/db/queries/calendar";
import { findUserById } from "@tremplin/db/queries/users";
import { AppError } from "@tremplin/domain/errors";
import { createEvents, type EventAttributes } from "ics";
import { z } from "zod";

// A calendar application fetches a feed with no cookie: the feed's address is its key, made of
// the person's id and an HMAC of it under the portal's secret (a label keeps it apart from other
// uses of that secret). Whoever holds the address reads the person's sessions, nothing else.

const tokenSchema = z.string().regex(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);

function mac(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(`tremplin/calendar\n${userId}`).digest("base64url");
}

/** The feed's secret path segment for a person: `<id>.<hmac>`. */
export function calendarToken(secret: string, userId: string): string {
  return `${userId}.${mac(secret, userId)}`;
}

/** The person a feed token names, if the token is ours; `not_found` otherwise, as for any unknown address. */
function userIdOf(secret: string, token: unknown): string {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("not_found", "Agenda introuvable.");
  const [userId, given] = parsed.data.split(".") as [string, string];
  const expected = Buffer.from(mac(secret, userId));
  if (!timingSafeEqual(expected, Buffer.from(given))) throw new AppError("not_found", "Agenda introuvable.");
  return userId;
}

/**
 * A person's sessions as an iCalendar feed: the trainings they attend or wait for, and those
 * they train, from 30 days back; a cancelled session stays, marked CANCELLED, so that calendars
 * drop it. Each event's UID is the session's, its SEQUENCE the session's version.
 */
export async function calendarFeed(
  db: Db,
  input: { secret: string; token: unknown; baseUrl: string; now: Date },
): Promise<string> {
  const userId = userIdOf(input.secret, input.token);
  const user = await findUserById(db, userId);
  if (!user || user.disabledAt) throw new AppError("not_found", "Agenda introuvable.");
  const rows = await listCalendarSessions(db, {
    userId,
    since: new Date(input.now.getTime() - 30 * 86_400_000),
  });
  const events: EventAttributes[] = rows.map((s) => {
    const trains = s.trainerId === userId;
    const waiting = !trains && s.enrolmentStatus === "waitlisted";
    return {
      uid: `${s.id}@tremplin`,
      sequence: s.version,
      start: s.startsAt.getTime(),
      end: s.endsAt.getTime(),
      startInputType: "utc",
      startOutputType: "utc",
      endInputType: "utc",
      endOutputType: "utc",
      title: `${trains ? "Animation : " : ""}${s.trainingTitle}${waiting ? " (liste d'attente)" : ""}`,
      location: s.roomName ? `${s.roomName}, ${s.siteName} (${s.siteCity})` : "À distance",
      description: [s.trainingCode, s.trainerName ? `Formateur ou formatrice : ${s.trainerName}` : ""]
        .filter(Boolean)
        .join("\n"),
      url: trains ? `${input.baseUrl}/formateur/sessions/${s.id}` : `${input.baseUrl}/mes-formations`,
      status: s.cancelledAt ? "CANCELLED" : waiting ? "TENTATIVE" : "CONFIRMED",
      productId: "tremplin/portail",
      calName: "Tremplin — mes sessions",
    };
  });
  const { error, value } = createEvents(events, {
    productId: "tremplin/portail",
    calName: "Tremplin — mes sessions",
  });
  if (error || !value) throw error ?? new Error("calendrier non produit");
  return value;
}
