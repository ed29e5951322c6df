import type { ReactNode } from "react";

/** A one-time code as IT sees it once: large and selectable, then what to do with it. */
export function ShownCode({ intro, code, children }: { intro: string; code: string; children: ReactNode }) {
  return (
    <div className="mt-2 rounded-lg border border-brand-600 bg-brand-50 p-3 text-sm">
      <p>
        {intro}{" "}
        <code className="select-all rounded bg-white px-2 py-1 font-mono text-lg font-bold tracking-wider">
          {code}
        </code>
      </p>
      {children}
    </div>
  );
}
