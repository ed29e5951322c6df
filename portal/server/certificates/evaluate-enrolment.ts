import "server-only";
import type { Db } from "@tremplin/db/client";
import { listAttendanceRecords, listValidations } from "@tremplin/db/queries/attendance";
import { type CertificationFacts, findCertificationFacts } from "@tremplin/db/queries/certificates";
import { parseTrainingRules } from "@tremplin/domain/assessment";
import { buildAttendanceSheet } from "@tremplin/domain/attendance";
import { defaultTimeZone } from "@tremplin/domain/calendar";
import { type CompletionStatus, evaluateCompletion } from "@tremplin/domain/certification";

export type EnrolmentEvaluation = {
  facts: CertificationFacts;
  status: CompletionStatus;
  /** The figures of the attendance sheet for this learner; null for a self-paced enrolment. */
  attendance: { attendedMs: number; plannedMs: number } | null;
  timeZone: string;
};

/**
 * Where an enrolment stands against its training's completion rules at `now`, with the same
 * attendance figures as the *feuille d'émargement* (kiosk logons, remote activity, trainers'
 * corrections). Undefined when the enrolment does not exist.
 */
export async function evaluateEnrolment(
  db: Db,
  input: { enrolmentId: string; now: Date },
): Promise<EnrolmentEvaluation | undefined> {
  const facts = await findCertificationFacts(db, input.enrolmentId);
  if (!facts) return undefined;
  const timeZone = facts.timezone ?? defaultTimeZone;
  const attendance = facts.sessionId ? await sessionAttendance(db, facts, timeZone, input.now) : null;
  const rules = parseTrainingRules(facts.rules);
  const status = evaluateCompletion({
    rules,
    attendance: attendance && facts.endsAt ? { ...attendance, sessionEndsAt: facts.endsAt } : null,
    modules: facts.modules.map((m) => ({
      id: m.id,
      title: m.title,
      isRequired: m.isRequired,
      isAssessed: m.kind === "quiz" || m.scoreRaw !== null,
      status: m.status ?? undefined,
      bestScorePercent: m.bestScorePercent === null ? null : Number(m.bestScorePercent),
    })),
    now: input.now,
  });
  return { facts, status, attendance, timeZone };
}

async function sessionAttendance(db: Db, facts: CertificationFacts, timeZone: string, now: Date) {
  const sessionId = facts.sessionId!;
  const [records, validations] = await Promise.all([
    listAttendanceRecords(db, [sessionId]),
    listValidations(db, sessionId),
  ]);
  const sheet = buildAttendanceSheet({
    session: { startsAt: facts.startsAt!, endsAt: facts.endsAt! },
    timeZone,
    learners: [{ id: facts.learnerId }],
    records: records.filter((r) => r.learnerId === facts.learnerId),
    validations,
    now,
  });
  return { attendedMs: sheet.lines[0]?.retainedMs ?? 0, plannedMs: sheet.plannedMs };
}
