// Histograms of a layer's activations for the depth lesson (pure, float64 arithmetic).
// All histograms of one figure share one symmetric x range [−m, m], m = the largest finite
// |value| among them, so a spread that collapses or explodes with depth is seen as such
// (a narrow spike or a wide flat shape on the same axis), not rescaled away.

export interface Histogram {
  /** Values per bin over [−halfWidth, halfWidth], bins of equal width. */
  counts: number[];
  /** Values that are not finite (float32 overflow): not in any bin. */
  nonFinite: number;
  total: number;
}

/** m for a figure: the largest finite |value| over every set (1 when there is none or it is 0). */
export function sharedHalfWidth(sets: readonly ArrayLike<number>[]): number {
  let largest = 0;
  for (const values of sets) {
    for (let i = 0; i < values.length; i++) {
      const magnitude = Math.abs(values[i]);
      if (Number.isFinite(magnitude) && magnitude > largest) largest = magnitude;
    }
  }
  return largest > 0 ? largest : 1;
}

/** Bin index of v in [−m, m]; the top edge m belongs to the last bin. */
export function binOf(value: number, halfWidth: number, bins: number): number {
  const index = Math.floor(((value + halfWidth) / (2 * halfWidth)) * bins);
  return Math.min(bins - 1, Math.max(0, index));
}

export function histogram(values: ArrayLike<number>, halfWidth: number, bins: number): Histogram {
  const counts = new Array<number>(bins).fill(0);
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) nonFinite++;
    else counts[binOf(value, halfWidth, bins)]++;
  }
  return { counts, nonFinite, total: values.length };
}

/**
 * How many values lie within `slack` of an inner bin edge: the most values whose bin may
 * differ between a float32 and a float64 computation whose values differ by ≤ slack.
 */
export function valuesNearEdges(values: ArrayLike<number>, halfWidth: number, bins: number, slack: number): number {
  const width = (2 * halfWidth) / bins;
  let near = 0;
  for (let i = 0; i < values.length; i++) {
    const position = (values[i] + halfWidth) / width;
    const nearest = Math.round(position);
    if (nearest > 0 && nearest < bins && Math.abs(position - nearest) * width <= slack) near++;
  }
  return near;
}

/** The layers a figure shows: first, middle and last (fewer when the stack is shallow). */
export function histogramLayers(depth: number): number[] {
  return [...new Set([1, Math.ceil(depth / 2), depth])];
}
