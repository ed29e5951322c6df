import type { z } from "zod";

/**
 * The closed set of failures the domain can report. Each app maps a code to its
 * transport once: HTTP status in portal/server/http.ts, exit code in each cli.ts.
 */
export const appErrorCodes = [
  "invalid_input",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "payload_too_large",
  "unavailable",
  "config_invalid",
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

export type IssueDetail = { path: string; message: string };

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: IssueDetail[];
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { issues?: IssueDetail[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.issues = options.issues ?? [];
    this.details = options.details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Turns zod's issues into `{ path, message }` pairs that name the field and the rule broken. */
export function zodIssues(error: z.ZodError): IssueDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(racine)",
    message: issue.message,
  }));
}

/** Parses `input` with `schema`, or throws `invalid_input` listing every problem at once. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = zodIssues(result.error);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new AppError("invalid_input", `${what} invalide — ${summary}`, { issues });
}
