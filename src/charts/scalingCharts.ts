// The √d_k lesson's charts, drawn with D3 into an <svg> that one component owns:
// each is a function of (element, data, options) and redraws the element from scratch.
// Colours come from the page's CSS variables, so light and dark themes both work.

import { axisBottom, axisLeft, format, line, scaleLinear, scaleLog, select, type Selection } from 'd3';
import { minFont } from '../state/projectorMode.svelte';
import { axisTitleOffset, chartMargins } from './chartMargins';
import { JACOBIAN_FLOOR } from './jacobianFloor';

/** Below this a Jacobian norm is drawn on the chart's floor and called saturated. */
export { JACOBIAN_FLOOR };

/** A value for a log axis: never below the floor (0 and underflow land on it), never NaN. */
export function onLogAxis(value: number, floor = JACOBIAN_FLOOR): number {
  return Number.isFinite(value) && value > floor ? value : floor;
}

/**
 * Bottom of the Jacobian chart's log axis: JACOBIAN_FLOOR when some value is at or below
 * it (0 included: it is drawn there as saturated), else a decade below the smallest
 * value, and at most 1e-2.
 */
export function logAxisFloor(values: readonly number[]): number {
  if (values.some((value) => !(value > JACOBIAN_FLOOR))) return JACOBIAN_FLOOR;
  const lowest = Math.floor(Math.log10(Math.min(...values))) - 1;
  return 10 ** Math.min(lowest, -2);
}

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
  /** count / (N · width): comparable with a probability density. */
  density: number;
}

/** Equal-width bins over [low, high]; values outside are counted in the end bins. Non-finite values are skipped. */
export function histogram(values: ArrayLike<number>, low: number, high: number, binCount: number): HistogramBin[] {
  const width = (high - low) / binCount;
  const counts = new Array<number>(binCount).fill(0);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor((value - low) / width)));
    counts[bin]++;
    total++;
  }
  return counts.map((count, index) => ({
    x0: low + index * width,
    x1: low + (index + 1) * width,
    count,
    density: total > 0 ? count / (total * width) : 0,
  }));
}

/** The N(0, variance) density at x. */
export function normalDensity(x: number, variance: number): number {
  return Math.exp((-x * x) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
}

export interface ChartSize {
  width: number;
  height: number;
}

/** The type charts are drawn at: 12 px, raised to projector mode's floor. */
const chartFont = () => minFont(12);

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

function prepare(element: SVGSVGElement, { width, height }: ChartSize): Svg {
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  return svg;
}

function axisTitle(svg: Svg, text: string, x: number, y: number, rotate = false): void {
  svg
    .append('text')
    .attr('class', 'axis-title')
    .attr('x', x)
    .attr('y', y)
    .attr('text-anchor', 'middle')
    .attr('transform', rotate ? `rotate(-90 ${x} ${y})` : null)
    .attr('fill', 'currentColor')
    .attr('font-size', 12)
    .text(text);
}

export interface LogitHistogramData {
  logits: ArrayLike<number>;
  /** Variance of the normal density drawn over the bars: d_k unscaled, 1 scaled. */
  expectedVariance: number;
  /** The x axis spans ±halfWidth. */
  halfWidth: number;
}

export interface LogitHistogramOptions extends ChartSize {
  xLabel: string;
  yLabel: string;
  curveLabel: string;
}

/** Histogram of the logits as a density, with the N(0, σ²) density it should follow. */
export function drawLogitHistogram(element: SVGSVGElement, data: LogitHistogramData, options: LogitHistogramOptions): void {
  const svg = prepare(element, options);
  const font = chartFont();
  const MARGIN = chartMargins(font);
  const { width, height } = options;
  const sigma = Math.sqrt(data.expectedVariance);
  const low = -data.halfWidth;
  const high = data.halfWidth;
  // About four bins per standard deviation, within 24 … 400 bins over the axis.
  const binCount = Math.round(Math.min(400, Math.max(24, (2 * data.halfWidth) / (sigma / 4))));
  const bins = histogram(data.logits, low, high, binCount);
  const peak = Math.max(...bins.map((bin) => bin.density), normalDensity(0, data.expectedVariance));
  const x = scaleLinear().domain([low, high]).range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear().domain([0, peak * 1.08]).range([height - MARGIN.bottom, MARGIN.top]);

  svg
    .append('g')
    .attr('class', 'bars')
    .selectAll('rect')
    .data(bins.filter((bin) => bin.count > 0))
    .join('rect')
    .attr('x', (bin) => x(bin.x0))
    .attr('width', (bin) => Math.max(1, x(bin.x1) - x(bin.x0)))
    .attr('y', (bin) => y(bin.density))
    .attr('height', (bin) => y(0) - y(bin.density))
    .attr('fill', 'var(--chart-bars, var(--accent))')
    .attr('opacity', 0.75);

  const samplesPerSide = 300;
  const curve = Array.from({ length: 2 * samplesPerSide + 1 }, (_, i) => {
    const value = low + ((high - low) * i) / (2 * samplesPerSide);
    return [value, normalDensity(value, data.expectedVariance)] as [number, number];
  });
  svg
    .append('path')
    .attr('class', 'density')
    .attr('d', line().x((point) => x(point[0])).y((point) => y(point[1]))(curve))
    .attr('fill', 'none')
    .attr('stroke', 'var(--highlight)')
    .style('stroke-width', 'calc(2.5px * var(--line-scale, 1))');
  svg
    .append('text')
    .attr('x', width - MARGIN.right)
    .attr('y', MARGIN.top + 4)
    .attr('text-anchor', 'end')
    .attr('fill', 'var(--highlight)')
    .attr('font-size', 12)
    .text(options.curveLabel);

  svg.append('g').attr('transform', `translate(0,${height - MARGIN.bottom})`).call(axisBottom(x).ticks(Math.max(3, Math.floor(width / 70))));
  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(4, '.2~g'));
  axisTitle(svg, options.xLabel, (MARGIN.left + width - MARGIN.right) / 2, height - axisTitleOffset(font));
  axisTitle(svg, options.yLabel, font, (MARGIN.top + height - MARGIN.bottom) / 2, true);
}

export interface SoftmaxBarsData {
  weights: ArrayLike<number>;
  logits: ArrayLike<number>;
}

export interface SoftmaxBarsOptions extends ChartSize {
  xLabel: string;
  yLabel: string;
}

/** One softmax row as bars on a fixed [0, 1] axis, each bar labelled with its logit. */
export function drawSoftmaxBars(element: SVGSVGElement, data: SoftmaxBarsData, options: SoftmaxBarsOptions): void {
  const svg = prepare(element, options);
  const font = chartFont();
  const MARGIN = chartMargins(font);
  const { width, height } = options;
  const count = data.weights.length;
  const keys = Array.from({ length: count }, (_, i) => i);
  const bottom = height - MARGIN.bottom - Math.round(font * 2.6); // room for the logit under each bar
  const x = scaleLinear().domain([0, count]).range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear().domain([0, 1]).range([bottom, MARGIN.top]);
  let argmax = 0;
  for (let i = 1; i < count; i++) if (data.weights[i] > data.weights[argmax]) argmax = i;
  const barWidth = Math.max(2, x(1) - x(0) - 3);

  svg
    .append('g')
    .attr('class', 'bars')
    .selectAll('rect')
    .data(keys)
    .join('rect')
    .attr('data-testid', 'softmax-bar')
    .attr('data-weight', (i) => String(data.weights[i]))
    .attr('data-logit', (i) => String(data.logits[i]))
    .attr('x', (i) => x(i) + 1.5)
    .attr('width', barWidth)
    .attr('y', (i) => y(Math.max(0, Math.min(1, data.weights[i]))))
    .attr('height', (i) => bottom - y(Math.max(0, Math.min(1, data.weights[i]))))
    .attr('fill', (i) => (i === argmax ? 'var(--highlight)' : 'var(--accent)'));
  // A hairline at 0 so that keys with weight ≈ 0 are still visibly there.
  svg
    .append('line')
    .attr('x1', x(0))
    .attr('x2', x(count))
    .attr('y1', bottom + 0.5)
    .attr('y2', bottom + 0.5)
    .attr('stroke', 'currentColor');
  // Logits written slanted under their bars, so 16 of them fit side by side.
  const logitText = format('.3~r');
  svg
    .append('g')
    .selectAll('text')
    .data(keys)
    .join('text')
    .attr('transform', (i) => `translate(${x(i + 0.5) + 3},${bottom + 6}) rotate(-50)`)
    .attr('text-anchor', 'end')
    .attr('font-size', 10)
    .attr('fill', (i) => (i === argmax ? 'var(--highlight)' : 'currentColor'))
    .text((i) => logitText(data.logits[i]));
  svg
    .append('text')
    .attr('x', x(argmax + 0.5))
    .attr('y', y(Math.min(1, data.weights[argmax])) - 3)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', 'var(--highlight)')
    .text(format('.3~f')(data.weights[argmax]));

  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(5));
  axisTitle(svg, options.xLabel, (MARGIN.left + width - MARGIN.right) / 2, height - axisTitleOffset(font));
  axisTitle(svg, options.yLabel, font, (MARGIN.top + bottom) / 2, true);
}

export interface JacobianSeries {
  name: string;
  /** One value per d_k; 0 (underflow) and values ≤ JACOBIAN_FLOOR are drawn at the floor. */
  values: readonly number[];
  color: string;
  dashed?: boolean;
  /** Points only, no line (the example row). */
  pointsOnly?: boolean;
  emphasised?: boolean;
}

export interface JacobianChartData {
  dkChoices: readonly number[];
  series: JacobianSeries[];
  currentDk: number;
}

export interface JacobianChartOptions extends ChartSize {
  xLabel: string;
  yLabel: string;
  /** Written at the floor when a value is drawn there. */
  saturatedLabel: string;
}

/**
 * ‖∂p/∂z‖_F against d_k on log–log axes. A value that is 0 or below the floor (the softmax
 * is one-hot in float32) sits on the floor as an open triangle, labelled, never as −∞.
 */
export function drawJacobianChart(element: SVGSVGElement, data: JacobianChartData, options: JacobianChartOptions): void {
  const svg = prepare(element, options);
  const font = chartFont();
  const MARGIN = chartMargins(font);
  const { width, height } = options;
  const all = data.series.flatMap((series) => series.values);
  const bottomValue = logAxisFloor(all);
  const anySaturated = bottomValue === JACOBIAN_FLOOR && all.some((value) => !(value > JACOBIAN_FLOOR));
  const x = scaleLog()
    .base(2)
    .domain([data.dkChoices[0], data.dkChoices[data.dkChoices.length - 1]])
    .range([MARGIN.left + 8, width - MARGIN.right - 8]);
  const y = scaleLog().domain([bottomValue, 1]).range([height - MARGIN.bottom, MARGIN.top]);

  svg
    .append('line')
    .attr('class', 'current-dk')
    .attr('x1', x(data.currentDk))
    .attr('x2', x(data.currentDk))
    .attr('y1', MARGIN.top)
    .attr('y2', height - MARGIN.bottom)
    .attr('stroke', 'currentColor')
    .attr('stroke-dasharray', '2 3')
    .attr('opacity', 0.6);

  if (anySaturated) {
    svg
      .append('line')
      .attr('x1', MARGIN.left)
      .attr('x2', width - MARGIN.right)
      .attr('y1', y(bottomValue))
      .attr('y2', y(bottomValue))
      .attr('stroke', 'var(--warning)')
      .style('stroke-width', 'calc(2px * var(--line-scale, 1))');
    svg
      .append('text')
      .attr('data-testid', 'jacobian-saturated-label')
      .attr('x', MARGIN.left + 6)
      .attr('y', y(bottomValue) - 5)
      .attr('fill', 'var(--warning)')
      .attr('font-size', 12)
      .text(options.saturatedLabel);
  }

  for (const series of data.series) {
    const points = series.values.map((value, index) => ({
      dK: data.dkChoices[index],
      value: onLogAxis(value, bottomValue),
      saturated: !(value > bottomValue),
    }));
    const group = svg.append('g').attr('data-series', series.name);
    if (!series.pointsOnly) {
      group
        .append('path')
        .attr('d', line<(typeof points)[number]>().x((point) => x(point.dK)).y((point) => y(point.value))(points))
        .attr('fill', 'none')
        .attr('stroke', series.color)
        .style('stroke-width', `calc(${series.emphasised ? 3.5 : 1.8}px * var(--line-scale, 1))`)
        .attr('stroke-dasharray', series.dashed ? '6 4' : null)
        .attr('opacity', series.emphasised ? 1 : 0.8);
    }
    group
      .selectAll('path.point')
      .data(points)
      .join('path')
      .attr('class', 'point')
      .attr('transform', (point) => `translate(${x(point.dK)},${y(point.value)})`)
      .attr('d', (point) => (point.saturated ? 'M0,-7L6,4L-6,4Z' : `M-3.5,0a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0`))
      .attr('fill', (point) => (point.saturated ? 'var(--surface)' : series.color))
      .attr('stroke', series.color)
      .style('stroke-width', 'calc(1.5px * var(--line-scale, 1))')
      .attr('opacity', (point) => (series.pointsOnly || point.dK === data.currentDk || series.emphasised ? 1 : 0.7));
  }

  svg
    .append('g')
    .attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(axisBottom(x).tickValues([...data.dkChoices]).tickFormat(format('d')));
  const decades = Math.round(Math.log10(1 / bottomValue));
  const step = Math.max(1, Math.ceil(decades / 6));
  const ticks = Array.from({ length: Math.floor(decades / step) + 1 }, (_, i) => 10 ** (-i * step));
  svg
    .append('g')
    .attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).tickValues(ticks).tickFormat((value) => (Number(value) === 1 ? '1' : `1e${Math.round(Math.log10(Number(value)))}`)));
  axisTitle(svg, options.xLabel, (MARGIN.left + width - MARGIN.right) / 2, height - axisTitleOffset(font));
  axisTitle(svg, options.yLabel, font, (MARGIN.top + height - MARGIN.bottom) / 2, true);
}

