"use server";
import type { BulkOutcome } from "@tremplin/domain/enrolment";
import { AppError } from "@tremplin/domain/errors";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { appDeps } from "@/server/app-deps";
import { findCurrentUser } from "@/server/auth/current-user";
import { requireUser } from "@/server/auth/guards";
import { getDb } from "@/server/db";
import { formAction } from "@/server/form-state";
import { confirmBulkEnrolment, previewBulkEnrolment } from "@/server/planning/bulk-enrol/bulk-enrol-learners";
import { maxCsvBytes } from "@/server/planning/bulk-enrol/read-enrolment-csv";
import type { ImportState, PreviewLine } from "./import-state";

async function fileBytes(form: FormData): Promise<{ bytes: Uint8Array; name: string }> {
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    throw new AppError("invalid_input", "Choisissez un fichier CSV.", {
      issues: [{ path: "file", message: "fichier manquant" }],
    });
  }
  // Refused before reading: the reader checks again, this spares the memory.
  if (file.size > maxCsvBytes) {
    throw new AppError("invalid_input", `Le fichier dépasse ${maxCsvBytes / 1024} Kio.`, {
      issues: [{ path: "file", message: "fichier trop volumineux" }],
    });
  }
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

/** One action for both steps (the form's `step`): the state carries the preview between them. */
export async function importAction(previous: ImportState, form: FormData): Promise<ImportState> {
  return form.get("step") === "confirm" ? confirmImport(previous, form) : previewImport(form);
}

async function previewImport(form: FormData): Promise<ImportState> {
  const sessionId = String(form.get("sessionId") ?? "");
  let preview: ImportState["preview"];
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "it_admin");
    const { bytes, name } = await fileBytes(form);
    const result = await previewBulkEnrolment(await getDb(), {
      actor,
      sessionId,
      file: bytes,
      now: new Date(),
    });
    const t = await getTranslations("bulkEnrol");
    const lines: PreviewLine[] = result.lines.map((l) => ({
      line: l.line,
      identifier: l.identifier,
      isAccepted: l.outcome.kind === "enrol" || l.outcome.kind === "promote",
      result: describe(l.outcome, t),
    }));
    preview = {
      lines,
      acceptedCount: result.acceptedCount,
      fingerprint: result.fingerprint,
      csv: new TextDecoder().decode(bytes),
      fileName: name,
      confirmLabel: t("confirm", { count: result.acceptedCount }),
    };
    return t("previewed", { accepted: result.acceptedCount, refused: lines.length - result.acceptedCount });
  });
  return { ...state, preview, done: false };
}

async function confirmImport(previous: ImportState, form: FormData): Promise<ImportState> {
  const sessionId = String(form.get("sessionId") ?? "");
  const state = await formAction(async () => {
    const actor = await requireUser(findCurrentUser, "it_admin");
    const csv = String(form.get("csv") ?? "");
    const result = await confirmBulkEnrolment(await getDb(), {
      actor,
      sessionId,
      file: new TextEncoder().encode(csv),
      fingerprint: String(form.get("fingerprint") ?? ""),
      fileName: String(form.get("fileName") ?? "").slice(0, 200),
      now: new Date(),
    });
    appDeps.mailQueued();
    return (await getTranslations("bulkEnrol"))("confirmed", result);
  });
  if (state.ok) revalidatePath(`/dsi/inscriptions/${sessionId}`);
  // A refused confirmation keeps the preview on screen, with the reason above it.
  return { ...state, preview: state.ok ? undefined : previous.preview, done: state.ok };
}

function describe(
  outcome: BulkOutcome,
  t: (key: string, values?: Record<string, string | number>) => string,
): string {
  switch (outcome.kind) {
    case "enrol":
      return t("outcome.enrol", { name: outcome.learnerName });
    case "promote":
      return t("outcome.promote", { name: outcome.learnerName });
    case "malformed":
      return t("outcome.malformed", { detail: outcome.detail });
    case "unknown":
      return t("outcome.unknown");
    case "not_learner":
      return t("outcome.notLearner", { name: outcome.learnerName });
    case "duplicate":
      return t("outcome.duplicate", { line: outcome.firstLine });
    case "already_enrolled":
      return t("outcome.alreadyEnrolled", { name: outcome.learnerName });
    case "full":
      return t("outcome.full", { name: outcome.learnerName });
  }
}
