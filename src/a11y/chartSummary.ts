// Text summaries of the figures, built from the numbers drawn: what a screen reader says
// for a chart (aria-describedby) and what the "describe" toggle shows. Pure: no DOM, no
// Svelte state; the language is a parameter, the strings are src/i18n/a11y.ts's.

import * as strings from '../i18n/a11y';

export type SummaryLanguage = 'en' | 'zh';
type Key = keyof typeof strings.en;
type NumberArray = ArrayLike<number>;

function say(language: SummaryLanguage, key: Key, params: Record<string, string | number> = {}): string {
  return strings[language][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Clauses joined as the language joins them: "; " in English, "；" in Chinese. */
const join = (language: SummaryLanguage, parts: string[]) => parts.join(language === 'zh' ? '；' : '; ');
/** A title and what follows it. */
const lead = (language: SummaryLanguage, head: string, parts: string[]) =>
  parts.length === 0 ? head : `${head}${language === 'zh' ? '：' : ': '}${join(language, parts)}`;

/** Three significant digits; very large or small magnitudes in exponent form; −0 as 0. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude >= 1e5 || magnitude < 1e-3 ? value.toExponential(2).replace(/\.?0+e/, 'e') : String(Number(value.toPrecision(3)));
  return text.replace('-', '−');
}

export interface MatrixFacts {
  rows: number;
  cols: number;
  /** Largest and smallest finite shown value, with their cells (null when nothing is shown). */
  largest: { row: number; col: number; value: number } | null;
  smallest: { row: number; col: number; value: number } | null;
  /** Cells masked out (allowed = 0). */
  masked: number;
  /** Rows with every cell masked. */
  emptyRows: number;
  nonFinite: number;
  /** Every shown value in [0, 1] and each row with a shown cell sums to 1 (±1e-3): a softmax's rows. */
  rowsSumToOne: boolean;
}

export interface MatrixInput {
  rows: number;
  cols: number;
  values: NumberArray;
  offset?: number;
  /** Row-major 1 (shown) / 0 (masked). */
  allowed?: NumberArray;
}

/** The facts a summary states about a matrix, in one pass over its cells. */
export function matrixFacts({ rows, cols, values, offset = 0, allowed }: MatrixInput): MatrixFacts {
  let largest: MatrixFacts['largest'] = null;
  let smallest: MatrixFacts['smallest'] = null;
  let masked = 0;
  let emptyRows = 0;
  let nonFinite = 0;
  let rowsSumToOne = rows > 0 && cols > 0;
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    let shown = 0;
    for (let col = 0; col < cols; col++) {
      const cell = row * cols + col;
      if (allowed && allowed[cell] === 0) {
        masked++;
        continue;
      }
      shown++;
      const value = values[offset + cell];
      if (!Number.isFinite(value)) {
        nonFinite++;
        rowsSumToOne = false;
        continue;
      }
      sum += value;
      if (value < 0 || value > 1) rowsSumToOne = false;
      if (!largest || value > largest.value) largest = { row, col, value };
      if (!smallest || value < smallest.value) smallest = { row, col, value };
    }
    if (shown === 0) emptyRows++;
    else if (Math.abs(sum - 1) > 1e-3) rowsSumToOne = false;
  }
  if (emptyRows === rows) rowsSumToOne = false;
  return { rows, cols, largest, smallest, masked, emptyRows, nonFinite, rowsSumToOne };
}

export interface MatrixLabels {
  title: string;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
}

/**
 * E.g. "Attention weights, layer 1, head 2, 8 × 8: each row sums to 1; largest: 大 → 模
 * (0.41); smallest: …; 18 cells masked". Cells are named by their row → column labels when
 * both axes have them, else by 1-based row and column.
 */
export function describeMatrix(language: SummaryLanguage, input: MatrixInput & MatrixLabels): string {
  const facts = matrixFacts(input);
  const { rowLabels = [], colLabels = [] } = input;
  const at = ({ row, col }: { row: number; col: number }) =>
    rowLabels[row] !== undefined && colLabels[col] !== undefined
      ? say(language, 'a11yCellPair', { row: rowLabels[row], col: colLabels[col] })
      : say(language, 'a11yCellAt', { row: row + 1, col: col + 1 });
  const head = say(language, 'a11yMatrix', { title: input.title, rows: facts.rows, cols: facts.cols });
  const parts: string[] = [];
  if (facts.rowsSumToOne) parts.push(say(language, 'a11yRowsSumToOne'));
  else if (facts.largest && facts.smallest)
    parts.push(say(language, 'a11yRange', { min: formatNumber(facts.smallest.value), max: formatNumber(facts.largest.value) }));
  if (facts.largest) parts.push(say(language, 'a11yLargestAt', { at: at(facts.largest), value: formatNumber(facts.largest.value) }));
  if (facts.smallest && facts.smallest !== facts.largest)
    parts.push(say(language, 'a11ySmallestAt', { at: at(facts.smallest), value: formatNumber(facts.smallest.value) }));
  if (facts.masked > 0) parts.push(say(language, 'a11yMasked', { count: facts.masked }));
  if (facts.emptyRows > 0) parts.push(say(language, 'a11yEmptyRows', { count: facts.emptyRows }));
  if (facts.nonFinite > 0) parts.push(say(language, 'a11yNonFinite', { count: facts.nonFinite }));
  return lead(language, head, parts);
}

/** Count, mean, population standard deviation, min and max of the finite values. */
export function valueStatistics(values: NumberArray): { count: number; mean: number; std: number; min: number; max: number } {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    count++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) squares += (values[i] - mean) ** 2;
  return { count, mean, std: count > 0 ? Math.sqrt(squares / count) : 0, min: count > 0 ? min : 0, max: count > 0 ? max : 0 };
}

/** Distributions (histograms of raw values): per group its count, mean, std and range. */
export function describeValues(language: SummaryLanguage, title: string, groups: readonly { name: string; values: NumberArray }[]): string {
  return lead(
    language,
    title,
    groups.map(({ name, values }) => {
      const { count, mean, std, min, max } = valueStatistics(values);
      return say(language, 'a11yValues', { name, count, mean: formatNumber(mean), std: formatNumber(std), min: formatNumber(min), max: formatNumber(max) });
    }),
  );
}

/** Histograms given as bin counts over [low, high] (equal bins): total and the fullest bin. */
export function describeBins(
  language: SummaryLanguage,
  title: string,
  groups: readonly { name: string; counts: readonly number[] | null; low: number; high: number }[],
): string {
  return lead(
    language,
    title,
    groups.map(({ name, counts, low, high }) => {
      const total = counts?.reduce((sum, count) => sum + count, 0) ?? 0;
      if (!counts || total === 0) return say(language, 'a11yBinsEmpty', { name });
      let peak = 0;
      for (let i = 1; i < counts.length; i++) if (counts[i] > counts[peak]) peak = i;
      const width = (high - low) / counts.length;
      return say(language, 'a11yBins', {
        name,
        count: total,
        low: formatNumber(low),
        high: formatNumber(high),
        from: formatNumber(low + peak * width),
        to: formatNumber(low + (peak + 1) * width),
        peak: counts[peak],
      });
    }),
  );
}

/** Line charts: per series its first and last point and its extremes; null y = not drawn. */
export function describeSeries(
  language: SummaryLanguage,
  title: string,
  xName: string,
  series: readonly { name: string; points: readonly (readonly [number, number | null])[] }[],
): string {
  return lead(
    language,
    title,
    series.map(({ name, points }) => {
      const drawn = points.filter((point): point is [number, number] => point[1] !== null && Number.isFinite(point[1]));
      if (drawn.length === 0) return say(language, 'a11ySeriesEmpty', { name });
      let high = drawn[0];
      let low = drawn[0];
      for (const point of drawn) {
        if (point[1] > high[1]) high = point;
        if (point[1] < low[1]) low = point;
      }
      const first = drawn[0];
      const last = drawn[drawn.length - 1];
      return say(language, 'a11ySeries', {
        name,
        x: xName,
        count: drawn.length,
        firstX: formatNumber(first[0]),
        firstY: formatNumber(first[1]),
        lastX: formatNumber(last[0]),
        lastY: formatNumber(last[1]),
        maxX: formatNumber(high[0]),
        maxY: formatNumber(high[1]),
        minX: formatNumber(low[0]),
        minY: formatNumber(low[1]),
      });
    }),
  );
}

/** Bar charts: the largest and smallest bar by label, and the total. */
export function describeBars(language: SummaryLanguage, title: string, bars: readonly { label: string; value: number }[]): string {
  const finite = bars.filter((bar) => Number.isFinite(bar.value));
  if (finite.length === 0) return lead(language, title, [say(language, 'a11yNone')]);
  let largest = finite[0];
  let smallest = finite[0];
  let total = 0;
  for (const bar of finite) {
    if (bar.value > largest.value) largest = bar;
    if (bar.value < smallest.value) smallest = bar;
    total += bar.value;
  }
  return lead(language, title, [
    say(language, 'a11yBars', {
      count: finite.length,
      largestLabel: largest.label,
      largestValue: formatNumber(largest.value),
      smallestLabel: smallest.label,
      smallestValue: formatNumber(smallest.value),
      total: formatNumber(total),
    }),
  ]);
}
