import "server-only";
import type { Db } from "@tremplin/db/client";
import { listSatisfactionByTraining, listTrainingSurveys } from "@tremplin/db/queries/satisfaction-results";
import { AppError } from "@tremplin/domain/errors";
import { type Period, periodInstants } from "@tremplin/domain/reporting";
import {
  overallMean,
  type SurveySummary,
  summariseSurveys,
  surveyQuestions,
} from "@tremplin/domain/satisfaction";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";

const oneDecimal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Per training, over the sessions that ended in the period: response rate and mean ratings. IT only. */
export async function getSatisfactionOverview(db: Db, input: { actor: Actor; period: Period }) {
  assertItAdmin(input.actor);
  const rows = await listSatisfactionByTraining(db, periodInstants(input.period));
  return rows.map((r) => {
    const averages = Object.fromEntries(
      surveyQuestions.map((q) => [q, oneDecimal(r[q])]),
    ) as SurveySummary["averages"];
    return {
      trainingId: r.trainingId,
      trainingTitle: r.trainingTitle,
      trainingCode: r.trainingCode,
      sessions: r.sessions,
      invited: r.invited,
      answered: r.answered,
      responseRate: r.invited === 0 ? 0 : r.answered / r.invited,
      averages,
      overall: overallMean(averages),
    };
  });
}
export type TrainingSatisfactionLine = Awaited<ReturnType<typeof getSatisfactionOverview>>[number];

export type SessionSatisfaction = {
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  trainerName: string | null;
  roomName: string | null;
  summary: SurveySummary;
};

/**
 * One training's results in the period: the whole, and each session's, with the comments.
 * The answers come without their authors (decision 026).
 */
export async function getTrainingSatisfaction(
  db: Db,
  input: { actor: Actor; trainingId: unknown; period: Period },
): Promise<{ trainingTitle: string | undefined; summary: SurveySummary; sessions: SessionSatisfaction[] }> {
  assertItAdmin(input.actor);
  const id = z.uuid().safeParse(input.trainingId);
  if (!id.success) throw new AppError("not_found", "Formation introuvable.");
  const rows = await listTrainingSurveys(db, { trainingId: id.data, ...periodInstants(input.period) });
  const bySession = new Map<string, typeof rows>();
  for (const row of rows) bySession.set(row.sessionId, [...(bySession.get(row.sessionId) ?? []), row]);
  const sessions = [...bySession.values()].map((list) => {
    const first = list[0]!;
    return {
      sessionId: first.sessionId,
      startsAt: first.startsAt,
      endsAt: first.endsAt,
      timezone: first.timezone,
      trainerName: first.trainerName,
      roomName: first.roomName,
      summary: summariseSurveys(list),
    };
  });
  return { trainingTitle: rows[0]?.trainingTitle, summary: summariseSurveys(rows), sessions };
}
