import { z } from "zod";

const named = z.object({ username: z.string(), reason: z.string() });

/**
 * The report as the database keeps it (see `redactOutcomes`): read back through this schema,
 * so the history page renders only what it knows and a password field could not slip through.
 */
export const storedRunReportSchema = z.object({
  sessions: z
    .array(
      z.object({
        sessionId: z.string(),
        label: z.string(),
        startsAt: z.string(),
        endsAt: z.string(),
        error: z.string().optional(),
        skipped: z.array(named.extend({ displayName: z.string() })),
        displayNames: z.record(z.string(), z.string()).default({}),
        report: z.object({
          created: z.array(z.object({ username: z.string(), initialPasswordIssued: z.boolean().optional() })),
          updated: z.array(
            z.object({
              username: z.string(),
              changes: z.array(z.string()),
              initialPasswordIssued: z.boolean().optional(),
            }),
          ),
          unchanged: z.array(z.string()),
          failed: z.array(named),
        }),
      }),
    )
    .default([]),
  sweep: z
    .object({
      disabled: z.array(z.object({ username: z.string(), expiredAt: z.string().nullable() })),
      error: z.string().optional(),
    })
    .nullable()
    .default(null),
  error: z.string().optional(),
});
export type StoredRunReport = z.infer<typeof storedRunReportSchema>;
