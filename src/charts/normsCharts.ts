// The norms lesson's distributions: one histogram per row (before normalisation, after
// BatchNorm, after LayerNorm) on shared x and y axes, so widths and centres compare at a
// glance. Drawn with D3 into an <svg> that one component owns; redrawn from scratch.

import { axisBottom, scaleLinear, select } from 'd3';
import { histogram } from './scalingCharts';
import { measureLabel } from './measureText';

export interface DistributionRow {
  label: string;
  values: ArrayLike<number>;
  mean: number;
  std: number;
  /** A CSS colour (a page variable, so both themes work). */
  color: string;
}

export interface DistributionOptions {
  width: number;
  height: number;
  xLabel: string;
  binCount?: number;
  /** Size of the tick labels and axis title, px (12; 20 in projector mode, where app.css raises SVG text). */
  font?: number;
}

const MARGIN = { top: 4, right: 8 };
/** Room under the rows for the tick labels and, under them, the axis title: grows with the type. */
export function distributionBottom(font = 12): number {
  return 32 + Math.round((font - 12) * 2.8);
}

/** Shared x domain: every value of every row, widened a little, never empty. */
export function sharedDomain(rows: readonly { values: ArrayLike<number> }[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const { values } of rows) {
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) continue;
      low = Math.min(low, values[i]);
      high = Math.max(high, values[i]);
    }
  }
  if (!(low <= high)) return [-1, 1];
  const margin = Math.max((high - low) * 0.04, 1e-6);
  return [low - margin, high + margin];
}

export function drawDistributions(element: SVGSVGElement, rows: readonly DistributionRow[], options: DistributionOptions): void {
  const { width, height } = options;
  const bottom = distributionBottom(options.font);
  // The row labels ("BN train", "BN 训练") right-aligned before the plot, at their drawn size.
  const left = Math.max(66, Math.ceil(Math.max(0, ...rows.map((row) => measureLabel(row.label, options.font ?? 12, 700)))) + 12);
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const [low, high] = sharedDomain(rows);
  const binCount = options.binCount ?? 28;
  const binned = rows.map((row) => histogram(row.values, low, high, binCount));
  const peak = Math.max(1e-12, ...binned.flatMap((bins) => bins.map((bin) => bin.density)));
  const x = scaleLinear().domain([low, high]).range([left, width - MARGIN.right]);
  const rowHeight = (height - MARGIN.top - bottom) / Math.max(rows.length, 1);
  // One y scale for all rows: a narrower distribution is visibly taller.
  const y = scaleLinear().domain([0, peak]).range([0, rowHeight - 4]);

  rows.forEach((row, index) => {
    const base = MARGIN.top + (index + 1) * rowHeight;
    const group = svg.append('g').attr('class', 'row');
    // mean ± std as a light band behind the bars
    group
      .append('rect')
      .attr('x', x(Math.max(low, row.mean - row.std)))
      .attr('width', Math.max(0, x(Math.min(high, row.mean + row.std)) - x(Math.max(low, row.mean - row.std))))
      .attr('y', base - rowHeight + 2)
      .attr('height', rowHeight - 2)
      .attr('fill', row.color)
      .attr('opacity', 0.12);
    group
      .selectAll('rect.bar')
      .data(binned[index].filter((bin) => bin.count > 0))
      .join('rect')
      .attr('class', 'bar')
      .attr('x', (bin) => x(bin.x0) + 0.5)
      .attr('width', (bin) => Math.max(1, x(bin.x1) - x(bin.x0) - 1))
      .attr('y', (bin) => base - y(bin.density))
      .attr('height', (bin) => y(bin.density))
      .attr('fill', row.color);
    group
      .append('line')
      .attr('x1', x(row.mean))
      .attr('x2', x(row.mean))
      .attr('y1', base - rowHeight + 2)
      .attr('y2', base)
      .attr('stroke', 'currentColor')
      .style('stroke-width', 'calc(1.5px * var(--line-scale, 1))')
      .attr('stroke-dasharray', '3 2');
    group
      .append('line')
      .attr('x1', left)
      .attr('x2', width - MARGIN.right)
      .attr('y1', base + 0.5)
      .attr('y2', base + 0.5)
      .attr('stroke', 'var(--border)');
    group
      .append('text')
      .attr('x', left - 6)
      .attr('y', base - rowHeight / 2)
      .attr('text-anchor', 'end')
      .attr('dominant-baseline', 'central')
      .attr('fill', 'currentColor')
      .attr('font-size', 12)
      .attr('font-weight', 700)
      .text(row.label);
  });

  svg
    .append('g')
    .attr('transform', `translate(0,${height - bottom})`)
    // About 4.5 em per tick label ("−3.5" and a gap), so they never touch at projector sizes.
    .call(axisBottom(x).ticks(Math.max(3, Math.floor((width - left - MARGIN.right) / ((options.font ?? 12) * 4.5)))));
  svg
    .append('text')
    .attr('x', (left + width - MARGIN.right) / 2)
    .attr('y', height - 4)
    .attr('text-anchor', 'middle')
    .attr('fill', 'currentColor')
    .attr('font-size', 12)
    .text(options.xLabel);
}
