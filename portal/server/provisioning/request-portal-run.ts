// The CLI's side of POST /api/v1/provisioning/runs: no "server-only" here, this runs in
// tremplin-provision's own process, not in the portal's.
import { AppError, type AppErrorCode } from "@tremplin/domain/errors";
import { z } from "zod";
import type { runRequestSchema } from "./run-request";

export type RunRequestBody = z.input<typeof runRequestSchema>;

// Loose objects: `--json` prints the answer as the portal gave it, fields the CLI does not read included.
const account = z.looseObject({
  username: z.string(),
  initialPassword: z.string().optional(),
  initialPasswordIssued: z.boolean().optional(),
});
const withReason = z.looseObject({ username: z.string(), reason: z.string() });
const count = z.number().int();

/** The part of the portal's answer (`ProvisioningResult`, report.ts) that the CLI reads. */
export const runAnswerSchema = z.looseObject({
  runId: z.string().min(8),
  status: z.enum(["succeeded", "partial", "failed"]),
  startedAt: z.string(),
  scope: z.looseObject({ kind: z.string(), days: z.number().optional() }),
  sessions: z.array(
    z.looseObject({
      label: z.string(),
      error: z.string().optional(),
      report: z.looseObject({
        created: z.array(account),
        updated: z.array(account.extend({ changes: z.array(z.string()) })),
        unchanged: z.array(z.string()),
        failed: z.array(withReason),
      }),
      skipped: z.array(withReason),
    }),
  ),
  sweep: z
    .looseObject({ disabled: z.array(z.looseObject({ username: z.string() })), error: z.string().optional() })
    .nullable(),
  totals: z.object({
    created: count,
    updated: count,
    disabled: count,
    unchanged: count,
    failed: count,
    skipped: count,
  }),
  recorded: z.boolean(),
});
export type RunAnswer = z.infer<typeof runAnswerSchema>;

const refusalSchema = z.object({
  error: z.object({
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const refusalCodes: Partial<Record<number, AppErrorCode>> = {
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  429: "rate_limited",
};
/** The portal's refusal as the CLI reports it: a 5xx is the portal's trouble (exit 2), a 4xx the caller's. */
const codeOfStatus = (status: number): AppErrorCode =>
  status >= 500 ? "unavailable" : (refusalCodes[status] ?? "invalid_input");

/**
 * Asks the portal at `portal` to run provisioning with `token`. Throws `unavailable` when it
 * cannot be reached or fails (5xx), another AppError when it refuses, with its message and issues.
 */
export async function requestPortalRun(input: {
  portal: string;
  token: string;
  body: RunRequestBody;
  timeoutSeconds: number;
}): Promise<RunAnswer> {
  const url = new URL("/api/v1/provisioning/runs", input.portal);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${input.token}` },
      body: JSON.stringify(input.body),
      signal: AbortSignal.timeout(input.timeoutSeconds * 1000),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why =
      e.name === "TimeoutError"
        ? `pas de réponse en ${input.timeoutSeconds} s`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new AppError("unavailable", `Portail injoignable (${url.origin}) : ${why}`, { cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const answer = runAnswerSchema.safeParse(body);
    if (answer.success) return answer.data;
  }
  const refusal = refusalSchema.safeParse(body);
  const message = refusal.success
    ? refusal.data.error.message
    : `réponse inattendue (HTTP ${response.status})`;
  const issues = refusal.success ? (refusal.data.error.issues ?? []) : [];
  throw new AppError(
    response.ok ? "invalid_input" : codeOfStatus(response.status),
    `Refusé par le portail (HTTP ${response.status}) : ${message}${issues.map((i) => `\n  ${i.path} : ${i.message}`).join("")}`,
    { issues },
  );
}
