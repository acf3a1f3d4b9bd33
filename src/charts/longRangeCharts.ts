// Geometry of the long-range lesson's two figures (pure; the component draws the SVG):
// the path diagram (tokens in a row, attention arcs above, the RNN chain below) and the
// gradient norm against n on a log axis.
import { scaleLinear, scaleLog } from 'd3';
import { logDecades } from './depthCharts';
import type { Margins } from './chartMargins';

export interface PathDiagram {
  /** Token centres along x (token t at tokenX[t]), shared by both rows. */
  tokenX: number[];
  radius: number;
  attentionY: number;
  rnnY: number;
  /** Every pair's arc above the attention row, as one path (drawn faint). */
  allArcs: string;
  /** The arc of the chosen pair (empty when i = j). */
  pairArc: string;
  /** Chain links h_t → h_{t+1} of the RNN row: x from, x to, on the i–j path or not. */
  links: { x1: number; x2: number; onPath: boolean }[];
}

/** Arc from x1 to x2 rising above `baseY`, its height growing with the distance (up to `reach`). */
function arc(x1: number, x2: number, baseY: number, reach: number, span: number): string {
  const height = (Math.abs(x2 - x1) / Math.max(1, span)) * reach;
  return `M${x1.toFixed(1)},${baseY.toFixed(1)}Q${((x1 + x2) / 2).toFixed(1)},${(baseY - 2 * height).toFixed(1)} ${x2.toFixed(1)},${baseY.toFixed(1)}`;
}

/**
 * n tokens between the side margins; the attention row at `attentionY` with arcs reaching
 * up to `reach` px, the RNN row at `rnnY`. i, j 0-based.
 */
export function pathDiagram(n: number, i: number, j: number, width: number, side: number, attentionY: number, rnnY: number, reach: number): PathDiagram {
  const span = Math.max(1, width - 2 * side);
  const step = n > 1 ? span / (n - 1) : 0;
  const tokenX = Array.from({ length: n }, (_, t) => side + t * step);
  const radius = Math.max(2, Math.min(10, step * 0.35));
  let allArcs = '';
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) allArcs += arc(tokenX[a], tokenX[b], attentionY - radius, reach, span);
  const low = Math.min(i, j);
  const high = Math.max(i, j);
  return {
    tokenX,
    radius,
    attentionY,
    rnnY,
    allArcs,
    pairArc: i === j ? '' : arc(tokenX[low], tokenX[high], attentionY - radius, reach, span),
    links: tokenX.slice(0, -1).map((x, t) => ({ x1: x + radius, x2: tokenX[t + 1] - radius, onPath: t >= low && t < high })),
  };
}

export interface GradientChart {
  attentionPath: string;
  rnnPath: string;
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  /** Where n and each curve's value at n sit (null y: not drawn). */
  marker: { x: number; attentionY: number | null; rnnY: number | null };
}

/** Both curves over n (lengths[k] ↔ values[k]) on a log y axis; 0 and non-finite values break the line. */
export function gradientChart(
  lengths: readonly number[],
  attention: readonly (number | null)[],
  rnn: readonly (number | null)[],
  n: number,
  width: number,
  height: number,
  margin: Margins,
): GradientChart {
  const x = scaleLinear().domain([lengths[0] ?? 2, lengths.at(-1) ?? 64]).range([margin.left, width - margin.right]);
  const drawable = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v) && v > 0;
  const positive = [...attention, ...rnn].filter(drawable);
  let low = positive.length ? Math.min(...positive) : 1e-3;
  let high = positive.length ? Math.max(...positive) : 1;
  if (high / low < 100) { low /= 10; high *= 10; }
  const y = scaleLog().domain([low, high]).range([height - margin.bottom, margin.top]).nice();
  const line = (values: readonly (number | null)[]) => {
    let d = '';
    let pen = false;
    values.forEach((v, k) => {
      if (!drawable(v)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(lengths[k]).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const [d0, d1] = y.domain();
  const at = lengths.indexOf(n);
  const yAt = (values: readonly (number | null)[]) => (at >= 0 && drawable(values[at]) ? y(values[at] as number) : null);
  const plotWidth = width - margin.left - margin.right;
  // About one tick per 70 px, at multiples of 2, 4, 8 … so the labels never collide.
  let stride = 2;
  while (stride < 64 && (plotWidth / ((lengths.at(-1) ?? 64) - (lengths[0] ?? 2))) * stride < 70) stride *= 2;
  const xTicks = [lengths[0] ?? 2, ...lengths.filter((value) => value % stride === 0 && value !== lengths[0])].map((value) => ({ x: x(value), label: String(value) }));
  return {
    attentionPath: line(attention),
    rnnPath: line(rnn),
    yTicks: logDecades(d0, d1).map((v) => ({ y: y(v), label: `1e${Math.round(Math.log10(v))}` })),
    xTicks,
    marker: { x: x(n), attentionY: yAt(attention), rnnY: yAt(rnn) },
  };
}
