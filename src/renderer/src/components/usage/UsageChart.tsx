// One small bar-style chart of a daily series (requests, tokens or cost), drawn with uPlot on a
// canvas. The numbers are also in the table beside it, so the chart is decoration for assistive
// technology (aria-hidden) and the table is what a screen reader reads.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UsageChartProps {
  title: string;
  days: readonly string[];
  values: readonly number[];
  format: (value: number) => string;
}

export function UsageChart({ title, days, values, format }: UsageChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 240),
        height: 140,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 1)] } },
        axes: [{}, { values: (_u, ticks) => ticks.map(format), size: 64 }],
        series: [
          {},
          {
            label: title,
            stroke: '#3b6fd8',
            fill: 'rgba(59,111,216,0.25)',
            paths: uPlot.paths.bars?.({ size: [0.7, 24] }),
          },
        ],
      },
      [xs, [...values]],
      element,
    );
    return () => plot.destroy();
  }, [days, values, title, format]);
  return (
    <figure className="usage-chart">
      <figcaption>{title}</figcaption>
      <div ref={host} aria-hidden="true" />
    </figure>
  );
}
