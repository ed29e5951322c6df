"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { ColumnHeads } from "@/components/data-table";
import { FormFeedback } from "@/components/form-feedback";
import { FormField } from "@/components/form-field";
import { importAction } from "./actions";
import { initialImportState } from "./import-state";

export type ImportLabels = {
  file: string;
  fileHint: string;
  preview: string;
  previewing: string;
  caption: string;
  colLine: string;
  colIdentifier: string;
  colResult: string;
  confirming: string;
  nothingToWrite: string;
  seeEnrolments: string;
};

/**
 * Upload, preview, confirm. The preview lists every line and what would happen to it; nothing
 * is written until "confirm", which sends the same file back with the preview's fingerprint.
 */
export function ImportForm({ sessionId, labels }: { sessionId: string; labels: ImportLabels }) {
  const [current, act, pending] = useActionState(importAction, initialImportState);
  const shown = current.preview;
  return (
    <div className="space-y-6">
      <form action={act} className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <input type="hidden" name="sessionId" value={sessionId} />
        <input type="hidden" name="step" value="preview" />
        <FormField
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          size="md"
          label={labels.file}
          hint={labels.fileHint}
          error={current.fieldErrors.file}
        />
        <div>
          <Button disabled={pending}>{pending ? labels.previewing : labels.preview}</Button>
        </div>
      </form>
      <FormFeedback ok={current.ok} message={current.message} look="banner" />
      {current.done && (
        <Link href={`/dsi/inscriptions/${sessionId}`} className="font-semibold text-brand-700 underline">
          {labels.seeEnrolments}
        </Link>
      )}
      {shown && (
        <div className="space-y-4">
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-left">
              <caption className="px-4 py-2 text-left font-semibold">{labels.caption}</caption>
              <ColumnHeads
                labels={[labels.colLine, labels.colIdentifier, labels.colResult]}
                className="border-b border-slate-300 bg-slate-50 text-sm"
                cellClassName="px-4 py-2"
              />
              <tbody>
                {shown.lines.map((l) => (
                  <tr key={l.line} className={`border-b border-slate-100 ${l.isAccepted ? "" : "bg-red-50"}`}>
                    <td className="px-4 py-2 tabular-nums">{l.line}</td>
                    <td className="px-4 py-2 break-all">{l.identifier || "—"}</td>
                    <td
                      className={`px-4 py-2 ${l.isAccepted ? "text-green-900" : "font-medium text-red-800"}`}
                    >
                      {l.isAccepted ? "✓ " : "✗ "}
                      {l.result}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.acceptedCount === 0 ? (
            <p className="font-medium">{labels.nothingToWrite}</p>
          ) : (
            <form action={act}>
              <input type="hidden" name="sessionId" value={sessionId} />
              <input type="hidden" name="step" value="confirm" />
              <input type="hidden" name="csv" value={shown.csv} />
              <input type="hidden" name="fingerprint" value={shown.fingerprint} />
              <input type="hidden" name="fileName" value={shown.fileName} />
              <button
                type="submit"
                disabled={pending}
                className="rounded-lg bg-green-800 px-5 py-2 font-semibold text-white hover:bg-green-900 disabled:opacity-60"
              >
                {pending ? labels.confirming : shown.confirmLabel}
              </button>
            </form>
          )}
        </div>
      )}
    </div>
  );
}
