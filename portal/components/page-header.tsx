import type { ReactNode } from "react";

/** A page's title (its one `h1`) and the sentence that says what the page is for. */
export function PageHeader(props: { title: ReactNode; intro?: ReactNode; children?: ReactNode }) {
  return (
    <header className="space-y-2">
      <h1 className="text-3xl font-bold">{props.title}</h1>
      {props.intro && <p className="max-w-3xl text-slate-700">{props.intro}</p>}
      {props.children}
    </header>
  );
}
