import "server-only";
import type { LocalDate } from "@tremplin/domain/calendar";
import { cache } from "react";
import { orNotFound, requirePageUser } from "@/server/auth/guards";
import { myCalendarUrl } from "@/server/calendar/my-calendar-link";
import { getDb } from "@/server/db";
import { getSessionAttendance } from "./get-session-attendance";
import { listPresenceToConfirm } from "./list-presence-to-confirm";
import { listTrainerSessions } from "./list-trainer-sessions";

const isLocalDate = (s: unknown): s is LocalDate => typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s);

export async function loadTrainerHome(day: unknown) {
  const actor = await requirePageUser("/formateur", "trainer");
  const now = new Date();
  return {
    now,
    calendarUrl: myCalendarUrl(actor.id),
    ...(await listTrainerSessions(await getDb(), { actor, day: isLocalDate(day) ? day : undefined, now })),
  };
}

/** Read once per request (React's `cache`): the page and its title share one answer. */
export const loadSessionAttendancePage = cache(async (sessionId: string) => {
  const actor = await requirePageUser(`/formateur/sessions/${sessionId}`, "trainer", "it_admin", "auditor");
  const db = await getDb();
  return orNotFound(() => getSessionAttendance(db, { actor, sessionId, now: new Date() }));
});

/** The learner's half-days to confirm now (running, or just ended), for "Mes formations". */
export async function loadMyPresenceToConfirm() {
  const user = await requirePageUser("/mes-formations", "learner");
  return listPresenceToConfirm(await getDb(), { learnerId: user.id, now: new Date() });
}
