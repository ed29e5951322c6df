import "server-only";
import type { Db } from "@tremplin/db/client";
import { type LearnerEnrolment, listLearnerTrainings } from "@tremplin/db/queries/learning-progress";
import { cancellationRefusal } from "@tremplin/domain/enrolment";
import { isAssessedModule, type TrainingProgress, trainingProgress } from "@tremplin/domain/progress";

export type MyTraining = {
  trainingId: string;
  code: string;
  title: string;
  domain: string;
  /** Null while the learner only waits for a seat: modules open with a seat. */
  progress: TrainingProgress | null;
  activeSeconds: number;
  lastActivityAt: Date | null;
  enrolments: MyEnrolment[];
};

/**
 * One enrolment as "Mes formations" shows it: what, when, where, whether it is over, whether IT
 * cancelled the session and whether the learner can still cancel.
 */
export type MyEnrolment = Pick<
  LearnerEnrolment,
  "id" | "status" | "startsAt" | "endsAt" | "timezone" | "roomName" | "siteName" | "waitingPosition"
> & { sessionCancelled: boolean; canCancel: boolean /** The session has ended. */; isPast: boolean };

/**
 * "Mes formations": the learner's live enrolments grouped by training, each with its progress
 * and where to continue (the module last touched, on the kiosk or at home). One query,
 * whatever the number of trainings.
 */
export async function listMyTrainings(
  db: Db,
  input: { learnerId: string; now: Date },
): Promise<MyTraining[]> {
  const { enrolments: rows, modules } = await listLearnerTrainings(db, input.learnerId);
  const groups = new Map<string, LearnerEnrolment[]>();
  for (const r of rows) groups.set(r.trainingId, [...(groups.get(r.trainingId) ?? []), r]);
  const now = input.now.getTime();
  const result = [...groups.entries()].map(([trainingId, list]): MyTraining => {
    const own = modules.filter((m) => m.trainingId === trainingId);
    const seated = list.some((e) => e.status !== "waitlisted");
    const latest = list
      .filter((e) => e.lastActivityAt)
      .sort((a, b) => b.lastActivityAt!.getTime() - a.lastActivityAt!.getTime())[0];
    const first = list[0]!;
    return {
      trainingId,
      code: first.trainingCode,
      title: first.trainingTitle,
      domain: first.domain,
      progress: seated
        ? trainingProgress(
            own.map((m) => ({
              id: m.id,
              position: m.position,
              isRequired: m.isRequired,
              isAssessed: isAssessedModule(m),
              status: m.status ?? undefined,
            })),
            latest?.lastModuleId ?? null,
          )
        : null,
      activeSeconds: own.reduce((sum, m) => sum + (m.activeSeconds ?? 0), 0),
      lastActivityAt: latest?.lastActivityAt ?? null,
      enrolments: list.map((e) => ({
        id: e.id,
        status: e.status,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        timezone: e.timezone,
        roomName: e.roomName,
        siteName: e.siteName,
        waitingPosition: e.waitingPosition,
        sessionCancelled: e.sessionCancelledAt !== null,
        isPast: e.endsAt !== null && e.endsAt.getTime() <= now,
        canCancel:
          e.sessionCancelledAt === null &&
          cancellationRefusal({ status: e.status, sessionStartsAt: e.startsAt, now: input.now }) === null,
      })),
    };
  });
  // Most recently worked on first, then by the next session to come.
  const nextStart = (t: MyTraining) =>
    Math.min(
      ...t.enrolments.map((e) =>
        e.startsAt && e.startsAt.getTime() > now ? e.startsAt.getTime() : Number.MAX_SAFE_INTEGER,
      ),
    );
  return result.sort(
    (a, b) =>
      (b.lastActivityAt?.getTime() ?? 0) - (a.lastActivityAt?.getTime() ?? 0) || nextStart(a) - nextStart(b),
  );
}
