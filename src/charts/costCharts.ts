// Geometry of the cost lesson's log–log chart: measured medians as points, the fitted
// t(n) = a + b·n + c·n² and its linear (a + b·n) and quadratic (c·n²) parts as polylines.
// Pure (no DOM): the component draws the SVG from these numbers. Non-positive values
// cannot sit on a log axis, so curves are cut where they fall below the axis.

import type { QuadraticFit } from '../lessons/costModel';

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface LogScale {
  min: number;
  max: number;
  at: (value: number) => number;
}

export function logScale(min: number, max: number, from: number, to: number): LogScale {
  const lo = Math.log10(min);
  const span = Math.log10(max) - lo || 1;
  return { min, max, at: (value) => from + ((Math.log10(value) - lo) / span) * (to - from) };
}

/** Powers of ten (and 2×, 5× when the range is short) inside [min, max]. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  const decades = Math.log10(max / min);
  const steps = decades < 1.5 ? [1, 2, 5] : [1];
  for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power++) {
    for (const step of steps) {
      const value = step * 10 ** power;
      if (value >= min * 0.999 && value <= max * 1.001) ticks.push(value);
    }
  }
  return ticks;
}

/** An SVG path through the points whose value is positive and finite; gaps split it. */
export function curvePath(ns: readonly number[], value: (n: number) => number, x: LogScale, y: LogScale): string {
  let path = '';
  let pen = false;
  for (const n of ns) {
    const v = value(n);
    // Below the axis (or not positive): a gap, not a line drawn along the floor.
    if (!(v >= y.min) || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const yClamped = Math.min(v, y.max);
    path += `${pen ? 'L' : 'M'}${x.at(n).toFixed(1)},${y.at(yClamped).toFixed(1)}`;
    pen = true;
  }
  return path;
}

/** n from nMin to nMax, geometric, for smooth curves. */
export function sampleLengths(nMin: number, nMax: number, count = 64): number[] {
  return Array.from({ length: count }, (_, i) => nMin * (nMax / nMin) ** (i / (count - 1)));
}

export const fitParts = (fit: QuadraticFit) => ({
  total: (n: number) => fit.a + fit.b * n + fit.c * n * n,
  linear: (n: number) => fit.a + fit.b * n,
  quadratic: (n: number) => fit.c * n * n,
});
