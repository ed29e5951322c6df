import { z } from "zod";
import { quizContentSchema } from "../assessment/quiz";

export const pageContentSchema = z.object({ format: z.literal("markdown"), body: z.string().max(200_000) });
export const linkContentSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "une adresse http(s)" }),
  label: z.string().min(1).max(300),
});
/** A file stored in the blob store under `key`, served as `fileName`. */
export const fileContentSchema = z.object({
  key: z.string().min(1).max(300),
  fileName: z.string().min(1).max(255),
  contentType: z.string().min(1).max(150),
  sizeBytes: z.number().int().min(0),
});
export const scormVersions = ["1.2", "2004"] as const;
export type ScormVersion = (typeof scormVersions)[number];
/** An imported SCORM package; its files live under `<key>/` for the module's content version. */
export const scormContentSchema = z.object({
  scormVersion: z.enum(scormVersions),
  key: z.string().min(1).max(300),
  launch: z.string().min(1).max(1000),
  title: z.string().max(500),
  fileCount: z.number().int().min(1),
  sizeBytes: z.number().int().min(0),
  /** SCORM 1.2 adlcp:masteryscore, for information: the training's rules decide. */
  masteryScore: z.number().min(0).max(100).nullable(),
  importedAt: z.iso.datetime(),
  importedBy: z.string(),
});
/** Set on a SCORM module created before its first package is imported. */
export const pendingScormSchema = z.object({ pending: z.literal(true) });

export type ModuleContent =
  | { kind: "page"; content: z.infer<typeof pageContentSchema> }
  | { kind: "link"; content: z.infer<typeof linkContentSchema> }
  | { kind: "file"; content: z.infer<typeof fileContentSchema> }
  | { kind: "scorm"; content: z.infer<typeof scormContentSchema> }
  | { kind: "quiz"; content: z.infer<typeof quizContentSchema> };
export type ModuleKind = ModuleContent["kind"];

const schemas = {
  page: pageContentSchema,
  link: linkContentSchema,
  file: fileContentSchema,
  scorm: scormContentSchema,
  quiz: quizContentSchema,
} as const;

/**
 * A module's stored content, checked against its kind. Undefined when it does not fit (a SCORM
 * module awaiting its package, or a damaged row): the player says the module is not available.
 */
export function readModuleContent(kind: ModuleKind, raw: unknown): ModuleContent | undefined {
  const parsed = schemas[kind].safeParse(raw);
  return parsed.success ? ({ kind, content: parsed.data } as ModuleContent) : undefined;
}
