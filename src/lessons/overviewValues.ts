// The numbers the overview's boxes show about their tensors: statistics, the colour range,
// and, in compare mode, how far two runs' tensors lie apart. Pure, unit-tested.

import type { NumberArray } from '../model/trace';
import type { ColourKind, TileGeometry } from './overviewStages';

export interface TensorStats {
  /** Finite values counted; non-finite ones (float16 overflow) are reported apart. */
  count: number;
  nonFinite: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (divided by count, as numpy's default). */
  std: number;
}

/** min, max, mean and standard deviation of every finite value (two passes: no cancellation). */
export function tensorStats(values: NumberArray): TensorStats {
  let count = 0;
  let nonFinite = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      nonFinite++;
      continue;
    }
    count++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (count === 0) return { count, nonFinite, min: NaN, max: NaN, mean: NaN, std: NaN };
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isFinite(value)) squares += (value - mean) ** 2;
  }
  return { count, nonFinite, min, max, mean, std: Math.sqrt(squares / count) };
}

/**
 * The largest |a − b| over the elements, 0 when the two are identical. A NaN or infinity in
 * one and not the other counts as an infinite difference; different lengths are not comparable
 * (null).
 */
export function maxAbsDifference(a: NumberArray, b: NumberArray): number | null {
  if (a.length !== b.length) return null;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    const difference = Math.abs(x - y);
    if (!(difference <= worst)) worst = Number.isNaN(difference) ? Infinity : difference;
  }
  return worst;
}

/** Per stage id, the largest difference between two runs (null: shapes differ, not comparable). */
export function stageDifferences(
  ids: readonly string[],
  tensorA: (id: string) => NumberArray,
  tensorB: (id: string) => NumberArray,
): Map<string, number | null> {
  return new Map(ids.map((id) => [id, maxAbsDifference(tensorA(id), tensorB(id))]));
}

/** Whether a difference marks its box: any difference at all (the two runs share backend and kernels). */
export const differs = (difference: number | null | undefined): boolean => difference === null || (difference ?? 0) > 0;

/**
 * The colour range of a box: [−m, m] for signed values (white is 0), [0, max] for
 * non-negative ones. Masked cells (allowed[row·cols + col] = 0 in every tile) are left out,
 * so a masked score's −10⁴ does not wash out the rest. Several arrays (compare mode) share one range.
 */
export function colourDomain(
  arrays: readonly NumberArray[],
  geometry: TileGeometry,
  kind: ColourKind,
  allowed?: NumberArray,
): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  const cells = geometry.rows * geometry.cols;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      if (allowed && allowed[i % cells] === 0) continue;
      const value = values[i];
      if (!Number.isFinite(value)) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  if (!(low <= high)) return kind === 'signed' ? [-1, 1] : [0, 1];
  if (kind === 'positive') return [0, Math.max(high, 1e-9)];
  const largest = Math.max(Math.abs(low), Math.abs(high), 1e-9);
  return [-largest, largest];
}

/** A number as the boxes print it: 4 significant digits, exponent form when tiny or huge. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(2);
  return value.toPrecision(4);
}

/** The box whose runs differ most (by max |A − B|), or null when none differs. */
export function largestDifference<T extends { difference: number | null | undefined }>(boxes: readonly T[]): (T & { difference: number }) | null {
  let largest: (T & { difference: number }) | null = null;
  for (const box of boxes) {
    const difference = box.difference;
    if (typeof difference === 'number' && difference > 0 && (largest === null || difference > largest.difference)) largest = box as T & { difference: number };
  }
  return largest;
}
