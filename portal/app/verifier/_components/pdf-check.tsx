"use client";
import { useState } from "react";

type Check = { name: string; ok: boolean; detail: string };
export type PdfCheckLabels = Record<
  "title" | "help" | "busy" | "unreachable" | "authentic" | "failed",
  string
>;
type Answer = { ok: boolean; checks: Check[]; code: string | null } | { error: { message: string } };

/**
 * Checks a PDF in full on the server (hash, signature, time-stamp, vault inclusion, status)
 * without keeping it: the file is posted as is and only the checks come back.
 */
export function PdfCheck({ labels }: { labels: PdfCheckLabels }) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  async function check(file: File) {
    setBusy(true);
    setAnswer(null);
    try {
      const response = await fetch("/api/v1/verifier/pdf", {
        method: "POST",
        headers: { "content-type": "application/pdf" },
        body: file,
      });
      setAnswer((await response.json()) as Answer);
    } catch {
      setAnswer({ error: { message: labels.unreachable } });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-5"
      aria-labelledby="pdf-check-title"
    >
      <h2 id="pdf-check-title" className="text-lg font-semibold">
        {labels.title}
      </h2>
      <label className="flex flex-col gap-1">
        <span>{labels.help}</span>
        <input
          type="file"
          accept="application/pdf"
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void check(file);
          }}
        />
      </label>
      {busy && <p role="status">{labels.busy}</p>}
      {answer && "error" in answer && (
        <p role="alert" className="font-medium text-red-800">
          {answer.error.message}
        </p>
      )}
      {answer && "checks" in answer && (
        <div role="status" className="space-y-2">
          <p className={`font-semibold ${answer.ok ? "text-green-800" : "text-red-800"}`}>
            {answer.ok ? labels.authentic : labels.failed}
            {answer.code && (
              <>
                {" "}
                <a className="underline" href={`/verifier/${answer.code}`}>
                  {answer.code}
                </a>
              </>
            )}
          </p>
          <ul className="space-y-1">
            {answer.checks.map((c) => (
              <li key={c.name} className={c.ok ? "text-green-900" : "text-red-900"}>
                <span aria-hidden="true">{c.ok ? "✓" : "✗"}</span> <strong>{c.name}</strong> — {c.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
