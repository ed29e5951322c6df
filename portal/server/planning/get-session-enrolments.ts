import "server-only";
import type { Db } from "@tremplin/db/client";
import { findSessionDetail } from "@tremplin/db/queries/planning";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { listSessionEnrolments, searchLearners } from "./enrolment-queries";

/** A session's enrolments for IT, and the learners matching `query` who could be added. */
export async function getSessionEnrolments(
  db: Db,
  input: { actor: Actor; sessionId: unknown; query?: string | undefined },
) {
  assertItAdmin(input.actor);
  const id = z.uuid().safeParse(input.sessionId);
  if (!id.success) throw new AppError("not_found", "Session introuvable.");
  const session = await findSessionDetail(db, id.data);
  if (!session) throw new AppError("not_found", "Session introuvable.");
  const query = (input.query ?? "").trim().slice(0, 100);
  const [enrolments, candidates] = await Promise.all([
    listSessionEnrolments(db, session.id),
    query.length >= 2 ? searchLearners(db, query) : Promise.resolve([]),
  ]);
  const taken = new Set(enrolments.map((e) => e.learnerId));
  return { session, enrolments, candidates: candidates.filter((c) => !taken.has(c.id)), query };
}
