import "server-only";
import { findSessionDetail, listPlanningChoices, listSessionsBetween } from "@tremplin/db/queries/planning";
import type { LocalDate } from "@tremplin/domain/calendar";
import { addDays, defaultTimeZone, localDate, zonedInstant } from "@tremplin/domain/calendar";
import { localTime } from "@tremplin/domain/planning";
import { notFound } from "next/navigation";
import { z } from "zod";
import { orNotFound, requirePageUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { getPlanningWeek } from "./get-planning-week";
import { getSessionEnrolments } from "./get-session-enrolments";
import { parsePlanningFilters } from "./planning-filters";

const isLocalDate = (s: unknown): s is LocalDate => typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s);

export async function loadPlanningWeek(search: Record<string, unknown>) {
  const actor = await requirePageUser("/dsi/planning", "it_admin");
  const now = new Date();
  const week = search.semaine;
  const filters = parsePlanningFilters(search);
  return {
    now,
    filters,
    ...(await getPlanningWeek(await getDb(), {
      actor,
      day: isLocalDate(week) ? week : undefined,
      now,
      filters,
    })),
  };
}

/** The form's choices, and for an edit the session's current values as the form shows them. */
export async function loadSessionForm(sessionId?: string) {
  await requirePageUser(
    sessionId ? `/dsi/planning/sessions/${sessionId}` : "/dsi/planning/nouvelle",
    "it_admin",
  );
  const db = await getDb();
  const choices = await listPlanningChoices(db);
  if (!sessionId) return { choices, session: undefined, values: undefined };
  if (!z.uuid().safeParse(sessionId).success) notFound();
  const session = await findSessionDetail(db, sessionId);
  if (!session) notFound();
  const tz = session.timezone;
  const values = {
    trainingId: session.trainingId,
    roomId: session.roomId ?? "",
    trainerId: session.trainerId ?? "",
    masterVersionId: session.masterVersionId ?? "",
    startDate: localDate(session.startsAt, tz),
    startTime: localTime(session.startsAt, tz),
    endDate: localDate(session.endsAt, tz),
    endTime: localTime(session.endsAt, tz),
    capacity: String(session.capacity),
    version: String(session.version),
  };
  return { choices, session, values };
}

export async function loadSessionEnrolments(sessionId: string, query: unknown) {
  const actor = await requirePageUser(`/dsi/inscriptions/${sessionId}`, "it_admin");
  const db = await getDb();
  const q = typeof query === "string" ? query : undefined;
  return {
    now: new Date(),
    ...(await orNotFound(() => getSessionEnrolments(db, { actor, sessionId, query: q }))),
  };
}

/** Sessions of the next three weeks (from today), with their seats taken, to manage enrolments. */
export async function loadEnrolmentIndex() {
  await requirePageUser("/dsi/inscriptions", "it_admin");
  const now = new Date();
  const today = localDate(now, defaultTimeZone);
  const from = zonedInstant(today, "00:00", defaultTimeZone);
  const to = zonedInstant(addDays(today, 21), "00:00", defaultTimeZone);
  return { now, sessions: await listSessionsBetween(await getDb(), { from, to }) };
}
