import { addDays, dayOfWeek, type LocalDate, localDate, zonedInstant } from "@tremplin/domain/calendar";
import { demoRandom } from "./demo-ids";
import { demoKioskMaster, demoMasters } from "./demo-masters";
import { demoTrainees, demoTrainers } from "./demo-people";
import { demoRoomCode, demoRooms, demoTimezone } from "./demo-places";
import { demoTrainings } from "./demo-trainings";

export type PlannedSession = {
  /** Natural key, e.g. `ALB-S1:2026-11-23:am`: the session's id derives from it. */
  key: string;
  trainingCode: string;
  roomCode: string | null;
  trainerUsername: string;
  master: { name: string; version: string } | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  enrolments: { username: string; status: "enrolled" | "waitlisted" }[];
};

const roomTrainings = demoTrainings.filter((t) => t.modality !== "remote");
const remoteTraining = demoTrainings.find((t) => t.modality === "remote")!;
const otherRooms = demoRooms.filter((r) => r.code !== demoRoomCode);
const demoRoom = demoRooms.find((r) => r.code === demoRoomCode)!;
/** Each trainee lives near one site: 20 per site. */
const sitePools = new Map(
  ["ALB", "TAR", "PER"].map((code, i) => [
    code,
    demoTrainees.slice(i * 20, i * 20 + 20).map((p) => p.username),
  ]),
);
const demoTrainee = demoTrainees[0]!.username;

function versionOf(name: string) {
  const m = demoMasters.find((x) => x.name === name)!;
  return { name: m.name, version: m.version };
}

function pick<T>(items: readonly T[], key: string): T {
  return items[Math.floor(demoRandom(key) * items.length)]!;
}

/** Learners for a session, taken in a rotating window of `pool` from `offset`. */
function learners(pool: string[], offset: number, count: number): string[] {
  return Array.from({ length: Math.min(count, pool.length) }, (_, i) => pool[(offset + i) % pool.length]!);
}

/**
 * A week of sessions around `now`, in local time: three days back, three ahead. Everything is
 * decided from the calendar date and the room, never from the hour of seeding, so a later run
 * plans the same sessions for the days it shares with an earlier one.
 */
export function planDemoWeek(now: Date): PlannedSession[] {
  const today = localDate(now, demoTimezone);
  const plan: PlannedSession[] = [];
  for (let offset = -3; offset <= 3; offset++) plan.push(...planDay(addDays(today, offset)));
  return plan;
}

function planDay(date: LocalDate): PlannedSession[] {
  const at = (time: string) => zonedInstant(date, time, demoTimezone);
  const sessions: PlannedSession[] = [];
  const [lead, second, third, fourth] = demoTrainers.map((t) => t.username) as [
    string,
    string,
    string,
    string,
  ];
  const albi = sitePools.get("ALB")!;
  // The demo room works every day, weekends included, so that the demo kiosk always has a
  // session to log in to: morning, afternoon and an evening class.
  const slots: [string, string, string, string][] = [
    ["am", "08:30", "12:30", lead],
    ["pm", "13:30", "17:30", lead],
    ["soir", "18:00", "21:30", second],
  ];
  for (const [slot, from, to, trainer] of slots) {
    const key = `${demoRoom.code}:${date}:${slot}`;
    const group = learners(albi.slice(1, 12), Math.floor(demoRandom(key) * 11), 7);
    sessions.push({
      key,
      trainingCode: pick(roomTrainings, key).code,
      roomCode: demoRoom.code,
      trainerUsername: trainer,
      master: demoKioskMaster,
      startsAt: at(from),
      endsAt: at(to),
      capacity: demoRoom.posts,
      enrolments: [demoTrainee, ...group].map((username) => ({ username, status: "enrolled" as const })),
    });
  }
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return sessions;
  // Nobody sits in two rooms at once: the demo room's day groups are busy from 8h30 to 17h30.
  const busy = new Set(sessions.slice(0, 2).flatMap((s) => s.enrolments.map((e) => e.username)));
  const free = (pool: string[]) => pool.filter((u) => !busy.has(u));
  // Three of the six other rooms each weekday, one per remaining trainer (no double booking).
  const dayIndex = Math.floor(zonedInstant(date, "12:00", demoTimezone).getTime() / 86_400_000);
  [second, third, fourth].forEach((trainer, i) => {
    const room = otherRooms[(dayIndex * 3 + i) % otherRooms.length]!;
    const key = `${room.code}:${date}:jour`;
    const training = pick(roomTrainings, key);
    // Learners of the room's own site first, then from the other sites (a trip for a course).
    const local = free(sitePools.get(room.site.code)!);
    const pool = [...local, ...free(demoTrainees.map((p) => p.username)).filter((u) => !local.includes(u))];
    const group = learners(pool, 0, Math.ceil(room.posts * (0.5 + 0.4 * demoRandom(`${key}:n`))));
    for (const u of group) busy.add(u);
    sessions.push({
      key,
      trainingCode: training.code,
      roomCode: room.code,
      trainerUsername: trainer,
      master: versionOf(training.master),
      startsAt: at("09:00"),
      endsAt: at("17:00"),
      capacity: room.posts,
      enrolments: group.map((username) => ({ username, status: "enrolled" as const })),
    });
  });
  // A remote class at the end of the day, full, with a waiting list: what self-enrolment meets
  // every week. Those in the demo room's evening class are not in it.
  const key = `distanciel:${date}:fin`;
  const evening = new Set(sessions[2]!.enrolments.map((e) => e.username));
  const everyone = demoTrainees.map((p) => p.username).filter((u) => !evening.has(u));
  sessions.push({
    key,
    trainingCode: remoteTraining.code,
    roomCode: null,
    trainerUsername: third,
    master: null,
    startsAt: at("17:30"),
    endsAt: at("19:00"),
    capacity: 12,
    enrolments: learners(everyone, Math.floor(demoRandom(key) * everyone.length), 15).map((username, i) => ({
      username,
      status: i < 12 ? ("enrolled" as const) : ("waitlisted" as const),
    })),
  });
  return sessions;
}
