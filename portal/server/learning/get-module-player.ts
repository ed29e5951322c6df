import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import { listModuleAttempts } from "@tremplin/db/queries/assessments";
import { findProgress, listModuleProgress } from "@tremplin/db/queries/learning-progress";
import { type PublicQuiz, parseTrainingRules, publicQuiz } from "@tremplin/domain/assessment";
import { readModuleContent, runtimeStartValues } from "@tremplin/domain/progress";
import { scormLaunchUrl } from "@/server/scorm/launch-ticket";
import { getModuleAccess } from "./module-access";

export type PlayerContent =
  | { kind: "page"; body: string }
  | { kind: "link"; url: string; label: string }
  | { kind: "file"; fileName: string; sizeBytes: number; href: string }
  | {
      kind: "quiz";
      quiz: PublicQuiz;
      clientKey: string;
      attemptsUsed: number;
      maxAttempts: number | null;
      passingScorePercent: number;
    }
  | {
      kind: "scorm";
      scormVersion: "1.2" | "2004";
      launchUrl: string;
      commitUrl: string;
      startValues: Record<string, string>;
    }
  | { kind: "unavailable" };

/**
 * What the player needs for one module: its content as the browser may see it (quiz answers
 * stripped), the learner's place in it (SCORM bookmark and suspend data), and the modules
 * around it. Reading does not write: the player's first heartbeat marks the module started.
 */
export async function getModulePlayer(
  db: Db,
  input: { learner: { id: string; name: string }; moduleId: unknown; now: Date },
) {
  const { module } = await getModuleAccess(db, {
    learnerId: input.learner.id,
    moduleId: input.moduleId,
    now: input.now,
  });
  const [progress, siblings, attempts] = await Promise.all([
    findProgress(db, { learnerId: input.learner.id, moduleId: module.id }),
    listModuleProgress(db, { learnerId: input.learner.id, trainingIds: [module.trainingId] }),
    module.kind === "quiz"
      ? listModuleAttempts(db, { learnerId: input.learner.id, moduleId: module.id })
      : Promise.resolve([]),
  ]);
  const rules = parseTrainingRules(module.rules);
  const read = readModuleContent(module.kind, module.content);
  let content: PlayerContent = { kind: "unavailable" };
  if (read?.kind === "page") content = { kind: "page", body: read.content.body };
  if (read?.kind === "link") content = { kind: "link", url: read.content.url, label: read.content.label };
  if (read?.kind === "file")
    content = {
      kind: "file",
      fileName: read.content.fileName,
      sizeBytes: read.content.sizeBytes,
      href: `/api/v1/learning/files/${module.id}/${module.contentVersion}`,
    };
  if (read?.kind === "quiz")
    content = {
      kind: "quiz",
      quiz: publicQuiz(read.content),
      clientKey: randomUUID(),
      attemptsUsed: attempts.filter((a) => a.isRetained).length,
      maxAttempts: rules.maxAttempts,
      passingScorePercent: read.content.passingScorePercent ?? rules.passingScorePercent,
    };
  if (read?.kind === "scorm") {
    const launch = read.content.launch.split("/").map(encodeURIComponent).join("/");
    content = {
      kind: "scorm",
      scormVersion: read.content.scormVersion,
      launchUrl: scormLaunchUrl({
        moduleId: module.id,
        version: module.contentVersion,
        launch,
        holder: { userId: input.learner.id, role: "learner" },
        now: input.now,
      }),
      commitUrl: `/api/v1/scorm/commit/${module.id}`,
      startValues: runtimeStartValues(read.content.scormVersion, {
        location: progress?.location ?? null,
        suspendData: progress?.suspendData ?? null,
        learnerId: input.learner.id,
        learnerName: input.learner.name,
      }),
    };
  }
  return {
    module: {
      id: module.id,
      trainingId: module.trainingId,
      trainingTitle: module.trainingTitle,
      title: module.title,
      kind: module.kind,
      position: module.position,
      durationMinutes: module.durationMinutes,
      contentVersion: module.contentVersion,
    },
    content,
    status: progress?.status ?? "not_started",
    activeSeconds: progress?.activeSeconds ?? 0,
    siblings: siblings.map((s) => ({
      id: s.id,
      title: s.title,
      position: s.position,
      kind: s.kind,
      status: s.status ?? "not_started",
    })),
  };
}
export type ModulePlayer = Awaited<ReturnType<typeof getModulePlayer>>;
