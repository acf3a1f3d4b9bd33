// Geometry for the depth lesson's per-layer line charts (pure; the component draws SVG).
import { scaleLinear, scaleLog } from 'd3';

export interface LayerSeries {
  /** One value per layer 1…L; null = overflowed (not drawn). */
  values: readonly (number | null)[];
}

export interface LayerChartGeometry {
  paths: string[];
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
}

/** Paths and ticks for series over layers, y on a log axis (log = true) or 0…1. Zero or
 *  non-finite points break the line (log 0 has no place on the axis). At most `maxXTicks`
 *  layer ticks (every k-th layer), so wide labels on a narrow chart do not touch. */
export function layerChart(series: readonly LayerSeries[], width: number, height: number, margin: { left: number; bottom: number; top: number; right: number }, log: boolean, maxXTicks = 8): LayerChartGeometry {
  const layers = Math.max(1, ...series.map((s) => s.values.length));
  const x = scaleLinear().domain([1, Math.max(2, layers)]).range([margin.left, width - margin.right]);
  const positive = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0));
  let low = positive.length ? Math.min(...positive) : 1e-3;
  let high = positive.length ? Math.max(...positive) : 1;
  if (high / low < 100) { low /= 10; high *= 10; }
  const y = log
    ? scaleLog().domain([low, high]).range([height - margin.bottom, margin.top]).nice()
    : scaleLinear().domain([0, 1]).range([height - margin.bottom, margin.top]);
  const paths = series.map((s) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v) || (log && v <= 0)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  });
  const [d0, d1] = y.domain();
  const yTicks = log
    ? logDecades(d0, d1).map((v) => ({ y: y(v), label: `1e${Math.round(Math.log10(v))}` }))
    : [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: y(v), label: `${Math.round(v * 100)}%` }));
  const step = Math.max(1, Math.ceil(layers / Math.max(1, Math.floor(maxXTicks))));
  const xTicks: { x: number; label: string }[] = [];
  for (let l = 1; l <= layers; l += step) xTicks.push({ x: x(l), label: String(l) });
  return { paths, yTicks, xTicks };
}

/** Powers of ten in [low, high], at most 7 of them (every k-th decade when the range is wide). */
export function logDecades(low: number, high: number): number[] {
  const first = Math.ceil(Math.log10(low) - 1e-9);
  const last = Math.floor(Math.log10(high) + 1e-9);
  const stride = Math.max(1, Math.ceil((last - first + 1) / 7));
  const out: number[] = [];
  for (let e = first; e <= last; e += stride) out.push(10 ** e);
  return out;
}

export interface MirroredBars {
  /** Bars of the upper histogram (growing up from the middle line) and the lower one (down). */
  upper: { x: number; y: number; width: number; height: number }[];
  lower: { x: number; y: number; width: number; height: number }[];
  middle: number;
  xTicks: { x: number; label: string }[];
}

/**
 * Two histograms back to back on one x axis [−m, m]: `upper` above the middle line, `lower`
 * below it. Each half is scaled to its own tallest bin, so a narrow spike and a wide spread
 * both keep a readable shape (the caption says so); null draws nothing for that half.
 */
export function mirroredBars(upper: readonly number[] | null, lower: readonly number[] | null, halfWidth: number, width: number, height: number, margin: { left: number; bottom: number; top: number; right: number }): MirroredBars {
  const bins = (upper ?? lower ?? []).length;
  const x = scaleLinear().domain([-halfWidth, halfWidth]).range([margin.left, width - margin.right]);
  const middle = (margin.top + height - margin.bottom) / 2;
  const reach = middle - margin.top;
  const barWidth = bins ? (width - margin.left - margin.right) / bins : 0;
  const bars = (counts: readonly number[] | null, up: boolean) => {
    if (!counts) return [];
    const tallest = Math.max(1, ...counts);
    return counts.map((count, i) => {
      const h = (count / tallest) * reach;
      return { x: margin.left + i * barWidth, y: up ? middle - h : middle, width: barWidth, height: h };
    });
  };
  const label = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2 ? v.toExponential(0) : String(Number(v.toPrecision(2))));
  return {
    upper: bars(upper, true),
    lower: bars(lower, false),
    middle,
    xTicks: [-halfWidth, 0, halfWidth].map((v) => ({ x: x(v), label: label(v) })),
  };
}
