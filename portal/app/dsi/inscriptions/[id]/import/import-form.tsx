"use client";
import Link from "next/link";
import { useActionState } from "react";
import { FormFeedback } from "@/components/form-feedback";
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
        <label htmlFor="file" className="block font-semibold">
          {labels.file}
        </label>
        <p id="file-hint" className="text-sm text-slate-700">
          {labels.fileHint}
        </p>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          aria-describedby="file-hint"
        />
        {current.fieldErrors.file && (
          <p className="text-sm font-medium text-red-700">{current.fieldErrors.file}</p>
        )}
        <div>
          <button
            type="submit"
            disabled={pending}
            className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
          >
            {pending ? labels.previewing : labels.preview}
          </button>
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
              <thead className="border-b border-slate-300 bg-slate-50 text-sm">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    {labels.colLine}
                  </th>
                  <th scope="col" className="px-4 py-2">
                    {labels.colIdentifier}
                  </th>
                  <th scope="col" className="px-4 py-2">
                    {labels.colResult}
                  </th>
                </tr>
              </thead>
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
