import { defaultTimeZone } from "@tremplin/domain/calendar";
import type { ScheduleResponse, SystemState } from "@tremplin/domain/device";
import { dePrefix } from "@tremplin/domain/french";
import { currentAndNext, frenchTime, type Grace } from "@tremplin/domain/schedule";
import type { AgentStatus } from "../agent/status";

/** Everything the login screen shows; also the body of `GET /status`. */
export type StatusView = AgentStatus & {
  room: string;
  timezone: string;
  current: SessionLine | null;
  next: SessionLine | null;
  display: "gtk" | "sdl" | "vnc" | "none";
  hint: string | null;
  /** "de " or "d'" before the signed-in person's name: "Session d'Isabelle Fabre". */
  userOf: string;
  /** Shown while a session runs and its end is near; null otherwise. */
  endWarning: EndWarning | null;
  /** A kiosk-OS update that did not go through, for a day after it happened; null otherwise. */
  systemNotice: string | null;
};

/**
 * What the post's screen says of an update that failed: the post itself kept working. Short
 * enough for two lines above the login form on a 1280×800 screen.
 */
export function systemNotice(system: SystemState | undefined, now: Date): string | null {
  const last = system?.lastUpdate;
  if (!last || last.outcome === "installed") return null;
  if (now.getTime() - new Date(last.at).getTime() > 24 * 3600_000) return null;
  const what = last.outcome === "refused" ? "refusée" : "non démarrée";
  return `Mise à jour du poste vers ${last.version} ${what}${last.reason ? ` (${last.reason})` : ""} : le poste reste sur sa version précédente, ${system.osVersion}. La DSI est prévenue.`;
}

export type EndWarning = { level: "soon" | "imminent"; text: string };

/** Minutes before the session's end at which the trainee is warned, then warned again. */
export const endWarningMinutes = { soon: 10, imminent: 2 } as const;

/**
 * The warning before the session's end time: from 10 minutes before, then more strongly from 2,
 * so that nobody loses work to the end of the session (the overlay is erased at logout). Null
 * outside a running session, before that, and once the end has passed.
 */
export function endWarning(input: {
  state: AgentStatus["state"];
  endsAt: string | null | undefined;
  timezone: string;
  now: Date;
}): EndWarning | null {
  if (input.state !== "running" || !input.endsAt) return null;
  const left = Math.ceil((new Date(input.endsAt).getTime() - input.now.getTime()) / 60_000);
  if (left <= 0 || left > endWarningMinutes.soon) return null;
  const at = frenchTime(input.endsAt, input.timezone);
  const inMinutes = left === 1 ? "dans 1 minute" : `dans ${left} minutes`;
  if (left <= endWarningMinutes.imminent) {
    return {
      level: "imminent",
      text: `La session se termine à ${at}, ${inMinutes} : enregistrez maintenant votre travail ailleurs que sur ce poste, il sera effacé.`,
    };
  }
  return {
    level: "soon",
    text: `La session se termine à ${at}, ${inMinutes} : pensez à enregistrer votre travail ailleurs que sur ce poste (clé USB, messagerie, espace en ligne).`,
  };
}

export type SessionLine = { title: string; from: string; to: string };

export function buildStatusView(input: {
  status: AgentStatus;
  schedule: ScheduleResponse | undefined;
  roomFallback: string;
  grace: Grace;
  display: StatusView["display"];
  hint: string | undefined;
  system?: SystemState;
  now: Date;
}): StatusView {
  const timezone = input.schedule?.timezone ?? defaultTimeZone;
  const { current, next } = currentAndNext(input.schedule?.sessions ?? [], input.now, input.grace);
  const line = (s: typeof current): SessionLine | null =>
    s
      ? { title: s.trainingTitle, from: frenchTime(s.startsAt, timezone), to: frenchTime(s.endsAt, timezone) }
      : null;
  return {
    ...input.status,
    room: input.schedule?.room.name ?? input.roomFallback,
    timezone,
    current: line(current),
    next: line(next),
    display: input.display,
    hint: input.hint ?? null,
    userOf: dePrefix(input.status.user?.displayName ?? input.status.user?.username ?? ""),
    systemNotice: systemNotice(input.system, input.now),
    endWarning: endWarning({
      state: input.status.state,
      endsAt: input.status.session?.endsAt,
      timezone,
      now: input.now,
    }),
  };
}
