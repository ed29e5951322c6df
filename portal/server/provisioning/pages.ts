import "server-only";
import { isAppError, zodIssues } from "@tremplin/domain/errors";
import { findCurrentUser } from "@/server/auth/current-user";
import { requirePageUser, requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { findDirectory } from "@/server/directory";
import { log } from "@/server/log";
import { getProvisioningOverview } from "./get-provisioning-overview";
import { provisionSessions } from "./provision-session";
import type { ProvisioningResult } from "./report";
import { runRequestSchema } from "./run-request";

export async function loadProvisioningPage() {
  const user = await requirePageUser("/dsi/provisionnement", "it_admin");
  const now = new Date();
  const overview = await getProvisioningOverview(await getDb(), {
    actor: user,
    directory: await findDirectory(),
    now,
  });
  return { ...overview, now };
}

/** What the page's form gets back: the run's result lives in the browser's memory, nowhere else. */
export type RunFormState = {
  ok: boolean;
  message: string;
  fieldErrors: Record<string, string>;
  result?: ProvisioningResult;
};

function requestFromForm(form: FormData): unknown {
  const sweep = form.get("sweep") === "on";
  switch (form.get("mode")) {
    case "session":
      return { sessionId: String(form.get("sessionId") ?? "") || undefined, sweep };
    case "upcoming":
      return { days: form.get("days") === "" ? Number.NaN : Number(form.get("days")), sweep };
    default:
      return { sweep: true };
  }
}

/** The IT page's "run" button: parse the form, run, and hand the result (passwords included) back once. */
export async function runProvisioningFromForm(form: FormData): Promise<RunFormState> {
  try {
    const user = await requireUser(findCurrentUser, "it_admin");
    const parsed = runRequestSchema.safeParse(requestFromForm(form));
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return {
        ok: false,
        message: issues.map((i) => i.message).join(" ; "),
        fieldErrors: Object.fromEntries(issues.map((i) => [i.path, i.message])),
      };
    }
    const result = await provisionSessions(
      { db: await getDb(), directory: await findDirectory() },
      { by: { kind: "user", user }, request: parsed.data },
    );
    return { ok: true, message: "", fieldErrors: {}, result };
  } catch (error) {
    // Our own errors carry a message written for IT (no directory, a run already going, a
    // session cancelled…); anything else is logged and told in general terms.
    if (isAppError(error)) {
      const fieldErrors = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
      return { ok: false, message: error.message, fieldErrors };
    }
    log.error({ err: error }, "provisioning from the portal failed");
    return { ok: false, message: "Une erreur est survenue. Réessayez dans un instant.", fieldErrors: {} };
  }
}
