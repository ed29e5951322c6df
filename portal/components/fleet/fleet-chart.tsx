import type { FleetHistoryPoint } from "@/server/fleet/get-fleet-health";

type Props = {
  points: FleetHistoryPoint[];
  title: string;
  description: string;
  hourLabel: (at: Date) => string;
};

const width = 720;
const height = 220;
const pad = { left: 36, right: 8, top: 10, bottom: 28 };
const colours = { healthy: "#15803d", degraded: "#d97706", silent: "#cbd5e1" };

/**
 * Stacked bars, one per hour: posts heard from and healthy, heard from with a problem, silent.
 * Plain SVG rendered on the server: no chart library, no script, readable without colour
 * through the legend and the data table the page puts next to it.
 */
export function FleetChart({ points, title, description, hourLabel }: Props) {
  const max = Math.max(1, ...points.map((p) => p.healthy + p.degraded + p.silent));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, points.length);
  const y = (v: number) => (v / max) * plotH;
  const ticks = [0, Math.round(max / 2), max];
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="fleet-chart-title fleet-chart-desc"
      className="h-auto w-full"
    >
      <title id="fleet-chart-title">{title}</title>
      <desc id="fleet-chart-desc">{description}</desc>
      {ticks.map((tick) => (
        <g key={tick}>
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={pad.top + plotH - y(tick)}
            y2={pad.top + plotH - y(tick)}
            stroke="#e2e8f0"
          />
          <text
            x={pad.left - 6}
            y={pad.top + plotH - y(tick) + 4}
            textAnchor="end"
            fontSize="11"
            fill="#334155"
          >
            {tick}
          </text>
        </g>
      ))}
      {points.map((p, i) => {
        const x = pad.left + i * slot + slot * 0.15;
        const w = slot * 0.7;
        let base = pad.top + plotH;
        const parts = (["healthy", "degraded", "silent"] as const).map((k) => {
          const h = y(p[k]);
          base -= h;
          return <rect key={k} x={x} y={base} width={w} height={h} fill={colours[k]} />;
        });
        return (
          <g key={p.at.toISOString()}>
            {parts}
            {i % 3 === 0 && (
              <text x={x + w / 2} y={height - 8} textAnchor="middle" fontSize="11" fill="#334155">
                {hourLabel(p.at)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export const fleetChartColours = colours;
