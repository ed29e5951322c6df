import type { progress } from "../schema/index";
import { demoId } from "./demo-ids";
import { kioskLabel } from "./demo-places";
import type { PlannedSession } from "./demo-schedule";
import { demoTrainings } from "./demo-trainings";

/** How many learners of each past room session finished it: the first ones of its list. */
const finishersPerSession = 3;

/**
 * What learners did in the sessions of the demo week that are over: the first few of each room
 * session sat at a post for the whole session and finished every module (quizzes passed). The
 * rows are the ones a kiosk and the player write, so the database's triggers queue the
 * evaluation of those enrolments and the portal issues their certificates at start-up through
 * the real path (rules → PDF → signature → time-stamp → vault).
 */
export function planDemoCompletions(plan: PlannedSession[], now: Date, userIds: Map<string, string>) {
  const past = plan.filter((s) => s.roomCode !== null && s.endsAt <= now);
  const attendance = past.flatMap((s) =>
    s.enrolments.slice(0, finishersPerSession).map((e, i) => ({
      id: demoId(`attendance:${s.key}:${e.username}`),
      sessionId: demoId(`session:${s.key}`),
      learnerId: userIds.get(e.username)!,
      source: "kiosk" as const,
      kioskId: demoId(`kiosk:${kioskLabel(s.roomCode!, i + 1)}`),
      startedAt: new Date(s.startsAt.getTime() + 5 * 60_000),
      endedAt: new Date(s.endsAt.getTime() - 5 * 60_000),
      endReason: "logout" as const,
      checkInEventId: demoId(`check-in:${s.key}:${e.username}`),
    })),
  );
  // One progress row per learner and module, under the learner's first finished session.
  const progressRows = new Map<string, typeof progress.$inferInsert>();
  for (const s of past) {
    const training = demoTrainings.find((t) => t.code === s.trainingCode)!;
    for (const e of s.enrolments.slice(0, finishersPerSession)) {
      training.modules.forEach((m, i) => {
        const moduleId = demoId(`module:${training.code}:${i + 1}`);
        const learnerId = userIds.get(e.username)!;
        const key = `${learnerId}:${moduleId}`;
        if (progressRows.has(key)) return;
        progressRows.set(key, {
          id: demoId(`progress:${e.username}:${training.code}:${i + 1}`),
          learnerId,
          enrolmentId: demoId(`enrolment:${s.key}:${e.username}`),
          moduleId,
          status: m.kind === "quiz" ? "passed" : "completed",
          scoreRaw: m.kind === "quiz" ? 90 : null,
          activeSeconds: m.minutes * 60,
          updatedAt: s.endsAt,
        });
      });
    }
  }
  return { attendance, progress: [...progressRows.values()] };
}
