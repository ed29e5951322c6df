import { ColumnHeads } from "@/components/data-table";

export type ChartBar = { key: string; label: string; planned: number; retained: number };

type Props = {
  id: string;
  title: string;
  description: string;
  bars: ChartBar[];
  legend: { planned: string; retained: string };
  /** How a value reads, e.g. `12,5 h`. */
  format: (value: number) => string;
  tableCaption: string;
  emptyText: string;
};

const rowHeight = 30;
const labelWidth = 250;
const chartWidth = 720;
const valueWidth = 120;

/**
 * Horizontal bars, planned (light) behind retained (dark), drawn as inline SVG: no script, no
 * library, readable on a phone. The same figures follow in a table for screen readers and for
 * anyone who would rather read them.
 */
export function BarChart(props: Props) {
  const max = Math.max(1, ...props.bars.map((b) => Math.max(b.planned, b.retained)));
  const barSpace = chartWidth - labelWidth - valueWidth;
  const height = props.bars.length * rowHeight + 10;
  const scale = (v: number) => (v / max) * barSpace;
  return (
    <figure
      className="space-y-2 rounded-xl border border-slate-200 bg-white p-4"
      aria-labelledby={`${props.id}-title`}
    >
      <figcaption id={`${props.id}-title`} className="font-semibold">
        {props.title}
      </figcaption>
      <p className="text-sm text-slate-700">{props.description}</p>
      <p className="flex gap-4 text-sm" aria-hidden="true">
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-5 rounded-sm bg-brand-100" /> {props.legend.planned}
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-5 rounded-sm bg-brand-700" /> {props.legend.retained}
        </span>
      </p>
      {props.bars.length === 0 ? (
        <p className="text-slate-700">{props.emptyText}</p>
      ) : (
        <svg
          viewBox={`0 0 ${chartWidth} ${height}`}
          className="h-auto w-full max-w-4xl"
          role="img"
          aria-hidden="true"
          focusable="false"
        >
          {props.bars.map((b, i) => {
            const y = i * rowHeight + 5;
            return (
              <g key={b.key}>
                <text x={0} y={y + 17} fontSize="12" fill="#1e293b">
                  {b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label}
                </text>
                <rect
                  x={labelWidth}
                  y={y + 3}
                  width={scale(b.planned)}
                  height={20}
                  rx={2}
                  className="fill-brand-100"
                />
                <rect
                  x={labelWidth}
                  y={y + 7}
                  width={scale(b.retained)}
                  height={12}
                  rx={2}
                  className="fill-brand-700"
                />
                <text x={labelWidth + barSpace + 8} y={y + 17} fontSize="12" fill="#1e293b">
                  {`${props.format(b.retained)} / ${props.format(b.planned)}`}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {props.bars.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm text-brand-700 underline">{props.tableCaption}</summary>
          <table className="mt-2 w-full text-left text-sm">
            <caption className="sr-only">{props.tableCaption}</caption>
            <ColumnHeads
              labels={[props.title, props.legend.retained, props.legend.planned]}
              className="border-b border-slate-300"
              cellClassName="py-1 pr-4"
            />
            <tbody>
              {props.bars.map((b) => (
                <tr key={b.key} className="border-b border-slate-100">
                  <th scope="row" className="py-1 pr-4 font-normal">
                    {b.label}
                  </th>
                  <td className="py-1 pr-4">{props.format(b.retained)}</td>
                  <td className="py-1">{props.format(b.planned)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
