import { defaultTimeZone } from "../calendar/local-time";
import { sameUsername } from "../device/common";
import type { ScheduledSession } from "../device/schedule";
import { findNextSession, frenchTime, type Grace, isOpenAt, openSessions, opensAt } from "./session-window";

export type LoginPolicyInput = {
  /** The room's schedule from the portal (or the disk cache); undefined if never received. */
  schedule: { timezone: string; sessions: ScheduledSession[] } | undefined;
  username: string;
  /** From the directory (member of the trainers' group). A session's own trainer counts too. */
  isTrainer: boolean;
  now: Date;
  grace: Grace;
};

export type LoginRefusalCode = "no_schedule" | "no_session_now" | "not_enrolled" | "too_early";

export type LoginDecision =
  | { allowed: true; role: "learner"; session: ScheduledSession }
  /** A trainer gets the session open now, else the next one, else none (the agent's default master). */
  | { allowed: true; role: "trainer"; session: ScheduledSession | null }
  | { allowed: false; code: LoginRefusalCode; reason: string };

/**
 * Who may open a session on this post now. Learners: enrolled in a session of this room that is
 * open (start − grace ≤ now < end + grace). Trainers: always. Everyone else: refused with a
 * reason in French that tells them what to do.
 */
export function decideLogin(input: LoginPolicyInput): LoginDecision {
  const { schedule, username, now, grace } = input;
  const sessions = schedule?.sessions ?? [];
  const isEnrolled = (s: ScheduledSession) => s.enrolledUsernames.some((u) => sameUsername(u, username));
  const isItsTrainer = (s: ScheduledSession) =>
    s.trainerUsername !== null && sameUsername(s.trainerUsername, username);

  if (input.isTrainer || sessions.some(isItsTrainer)) {
    const open = openSessions(sessions, now, grace);
    const session = open.find(isItsTrainer) ?? open.at(0) ?? findNextSession(sessions, now, grace) ?? null;
    return { allowed: true, role: "trainer", session };
  }
  if (!schedule) {
    return refuse(
      "no_schedule",
      "Le planning de cette salle n'a pas encore été reçu du portail : connexion impossible pour le moment. Prévenez votre formateur.",
    );
  }
  const tz = schedule.timezone || defaultTimeZone;
  const mine = openSessions(sessions, now, grace).find(isEnrolled);
  if (mine) return { allowed: true, role: "learner", session: mine };

  const myLater = sessions
    .filter((s) => isEnrolled(s) && opensAt(s, grace).getTime() > now.getTime())
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .at(0);
  if (myLater && sameDay(myLater.startsAt, now, tz)) {
    return refuse(
      "too_early",
      `Votre session « ${myLater.trainingTitle} » commence à ${frenchTime(myLater.startsAt, tz)} : connexion possible à partir de ${frenchTime(opensAt(myLater, grace), tz)}.`,
    );
  }
  const current = sessions.find((s) => isOpenAt(s, now, grace));
  if (current) {
    return refuse(
      "not_enrolled",
      `Vous n'êtes pas inscrit(e) à la session en cours dans cette salle (« ${current.trainingTitle} », ${frenchTime(current.startsAt, tz)}–${frenchTime(current.endsAt, tz)}). Adressez-vous au formateur.`,
    );
  }
  const next = findNextSession(sessions, now, grace);
  const tail =
    next && sameDay(next.startsAt, now, tz)
      ? ` Prochaine session : « ${next.trainingTitle} » à ${frenchTime(next.startsAt, tz)}.`
      : "";
  return refuse("no_session_now", `Aucune session n'est prévue dans cette salle en ce moment.${tail}`);
}

function refuse(code: LoginRefusalCode, reason: string): LoginDecision {
  return { allowed: false, code, reason };
}

function sameDay(instant: string, now: Date, timeZone: string): boolean {
  const day = new Intl.DateTimeFormat("fr-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return day.format(new Date(instant)) === day.format(now);
}
