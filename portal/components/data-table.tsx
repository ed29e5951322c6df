import type { ReactNode } from "react";

/** A table's header row: one `th scope="col"` per label, in order. */
export function ColumnHeads(props: {
  labels: readonly string[];
  className?: string;
  cellClassName?: string;
}) {
  return (
    <thead className={props.className}>
      <tr>
        {props.labels.map((label) => (
          <th key={label} scope="col" className={props.cellClassName ?? "px-3 py-2"}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * The frame of the portal's data tables: a bordered box that scrolls sideways rather than
 * squeezing columns on a small screen, a caption for screen readers, the column heads, then
 * `children` as the body's rows. `className` adds to the box (margin, shadow, padding).
 */
export function DataTable(props: {
  columns: readonly string[];
  caption?: string;
  className?: string;
  /** The head cells' padding, to line up with the body's own cells. */
  cellClassName?: string;
  children: ReactNode;
}) {
  const frame = "overflow-x-auto rounded-xl border border-slate-200 bg-white";
  return (
    <div className={props.className ? `${frame} ${props.className}` : frame}>
      <table className="w-full text-left text-sm">
        {props.caption && <caption className="sr-only">{props.caption}</caption>}
        <ColumnHeads
          labels={props.columns}
          className="border-b border-slate-300 bg-slate-50 text-slate-700"
          cellClassName={props.cellClassName}
        />
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
