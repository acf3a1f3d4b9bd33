// Geometry of the training lesson's curves (loss and accuracy against the step): linear
// axes (or a logarithmic y axis, for the depth lesson's losses that start far apart), a
// path per series, ticks, and an optional dashed reference line (the chance loss).
// Pure: the component draws what this returns, in CSS px.
import { line, scaleLinear, scaleLog } from 'd3';
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
  options: { minSteps: number; reference?: number; yFormat: (value: number) => string; maxXTicks: number; maxYTicks: number; logY?: boolean },
): CurveChart {
  const lastStep = Math.max(options.minSteps, ...series.flatMap((s) => (s.points.length ? [s.points[s.points.length - 1][0]] : [])));
  const x = scaleLinear().domain([0, lastStep]).range([margin.left, Math.max(margin.left + 1, width - margin.right)]);
  const yRange = [Math.max(margin.top + 1, height - margin.bottom), margin.top];
  // A log axis needs a positive domain: the caller's (logDomain below), else a safe one.
  const y = options.logY
    ? scaleLog().domain(yDomain[0] > 0 && yDomain[1] > yDomain[0] ? yDomain : [0.1, 10]).range(yRange)
    : scaleLinear().domain(yDomain).range(yRange);
  const yTickValues = options.logY ? logTicks(y.domain() as [number, number], Math.max(2, options.maxYTicks)) : y.ticks(Math.max(2, options.maxYTicks));
  const [yLow, yHigh] = y.domain() as [number, number];
  const clampY = (value: number) => y(Math.min(yHigh, Math.max(yLow, value)));
  const path = line<readonly [number, number]>()
    .x((point) => x(point[0]))
    .y((point) => clampY(point[1]));
  return {
    paths: series.map((s) => (s.points.length ? (path(s.points) ?? '') : '')),
    xTicks: x.ticks(Math.max(2, options.maxXTicks)).map((tick) => ({ x: x(tick), label: String(tick) })),
    yTicks: yTickValues.map((tick) => ({ y: y(tick), label: options.yFormat(tick) })),
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

/** A log axis around positive values: a little room above and below (non-finite and ≤ 0 left out). */
export function logDomain(values: readonly number[]): [number, number] {
  const shown = values.filter((value) => Number.isFinite(value) && value > 0);
  if (shown.length === 0) return [0.1, 10];
  const low = Math.min(...shown);
  const high = Math.max(...shown);
  return [low / 1.25, high * 1.25];
}

/**
 * Ticks of a log axis that read plainly (0.1, 1, 10, or 0.2, 0.5, 1, 2 …): the densest of the
 * mantissa sets {1}, {1, 2, 5}, {1 … 9} that gives at most `most` ticks; powers of ten only
 * (every k-th) when even those are too many.
 */
export function logTicks(domain: readonly [number, number], most: number): number[] {
  const [low, high] = domain;
  const first = Math.floor(Math.log10(low));
  const last = Math.ceil(Math.log10(high));
  const within = (mantissas: readonly number[]) => {
    const ticks: number[] = [];
    for (let power = first; power <= last; power++) {
      for (const m of mantissas) {
        // Rounded so 3 × 0.1 reads 0.3, not 0.30000000000000004.
        const value = Number((m * 10 ** power).toPrecision(6));
        if (value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9)) ticks.push(value);
      }
    }
    return ticks;
  };
  const sets = [[1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 5], [1]];
  for (const set of sets) {
    const ticks = within(set);
    if (ticks.length <= most) return ticks;
  }
  const decades = within([1]);
  const every = Math.ceil(decades.length / most);
  return decades.filter((_, index) => index % every === 0);
}
