import "server-only";
import type { Db } from "@tremplin/db/client";
import { findModuleAccess, type ModuleAccess } from "@tremplin/db/queries/learning-progress";
import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";

export type AccessEnrolment = ModuleAccess["enrolments"][number];

/**
 * A module the learner may work on: it exists and they hold a seat (enrolled or completed) in
 * one of its training's sessions, or a self-paced enrolment. Anything else is "not found", so a
 * module id reveals nothing to someone not enrolled.
 */
export async function getModuleAccess(db: Db, input: { learnerId: string; moduleId: unknown; now: Date }) {
  const id = z.uuid().safeParse(input.moduleId);
  if (!id.success) throw new AppError("not_found", "Module introuvable.");
  const module = await findModuleAccess(db, { moduleId: id.data, learnerId: input.learnerId });
  if (!module || module.enrolments.length === 0) throw new AppError("not_found", "Module introuvable.");
  return { module, enrolment: pickEnrolment(module.enrolments, input.now) };
}

/**
 * The enrolment work is recorded under, when the learner has several sessions of a training:
 * the one running now, else the latest started, else the next to come, else the self-paced one.
 * Trainers then see remote work under the session it happened in.
 */
export function pickEnrolment(list: AccessEnrolment[], now: Date): AccessEnrolment {
  const t = now.getTime();
  const running = list.find(
    (e) => e.startsAt && e.endsAt && e.startsAt.getTime() <= t && e.endsAt.getTime() > t,
  );
  if (running) return running;
  const started = list
    .filter((e) => e.startsAt && e.startsAt.getTime() <= t)
    .sort((a, b) => b.startsAt!.getTime() - a.startsAt!.getTime())[0];
  if (started) return started;
  const upcoming = list
    .filter((e) => e.startsAt)
    .sort((a, b) => a.startsAt!.getTime() - b.startsAt!.getTime())[0];
  return upcoming ?? list[0]!;
}
