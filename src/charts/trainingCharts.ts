// Geometry of the training lesson's curves (loss and accuracy against the step): linear
// axes, a path per series, ticks, and an optional dashed reference line (the chance loss).
// Pure: the component draws what this returns, in CSS px.
import { line, scaleLinear } from 'd3';
import type { Margins } from './chartMargins';

export interface CurveSeries {
  /** [step, value] points in step order. */
  points: readonly (readonly [number, number])[];
}

export interface CurveChart {
  paths: string[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  /** Where the reference value sits, or null when it is off the axis. */
  referenceY: number | null;
  /** The last point of each series (for its marker), or null for an empty series. */
  ends: ({ x: number; y: number } | null)[];
}

export function curveChart(
  series: readonly CurveSeries[],
  yDomain: readonly [number, number],
  width: number,
  height: number,
  margin: Margins,
  options: { minSteps: number; reference?: number; yFormat: (value: number) => string; maxXTicks: number; maxYTicks: number },
): CurveChart {
  const lastStep = Math.max(options.minSteps, ...series.flatMap((s) => (s.points.length ? [s.points[s.points.length - 1][0]] : [])));
  const x = scaleLinear().domain([0, lastStep]).range([margin.left, Math.max(margin.left + 1, width - margin.right)]);
  const y = scaleLinear().domain(yDomain).range([Math.max(margin.top + 1, height - margin.bottom), margin.top]);
  const clampY = (value: number) => y(Math.min(yDomain[1], Math.max(yDomain[0], value)));
  const path = line<readonly [number, number]>()
    .x((point) => x(point[0]))
    .y((point) => clampY(point[1]));
  return {
    paths: series.map((s) => (s.points.length ? (path(s.points) ?? '') : '')),
    xTicks: x.ticks(Math.max(2, options.maxXTicks)).map((tick) => ({ x: x(tick), label: String(tick) })),
    yTicks: y.ticks(Math.max(2, options.maxYTicks)).map((tick) => ({ y: y(tick), label: options.yFormat(tick) })),
    referenceY: options.reference !== undefined && options.reference >= yDomain[0] && options.reference <= yDomain[1] ? y(options.reference) : null,
    ends: series.map((s) => (s.points.length ? { x: x(s.points[s.points.length - 1][0]), y: clampY(s.points[s.points.length - 1][1]) } : null)),
  };
}

/** The loss axis: from 0 to a little above the largest value shown (at least the chance loss). */
export function lossDomain(values: readonly number[], chance: number): [number, number] {
  let top = chance;
  for (const value of values) if (Number.isFinite(value) && value > top) top = value;
  return [0, Math.min(Math.ceil(top * 1.1 * 2) / 2, 20)];
}
