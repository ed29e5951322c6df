import type { ScheduleResponse } from "@tremplin/domain/device";
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
};

export type SessionLine = { title: string; from: string; to: string };

export function buildStatusView(input: {
  status: AgentStatus;
  schedule: ScheduleResponse | undefined;
  roomFallback: string;
  grace: Grace;
  display: StatusView["display"];
  hint: string | undefined;
  now: Date;
}): StatusView {
  const timezone = input.schedule?.timezone ?? "Europe/Paris";
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
  };
}
