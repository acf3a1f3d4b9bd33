// Pure readouts of the positional-encoding lesson (no DOM).

/** max |a − b| over two equally long arrays. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/**
 * How far S = PE·PEᵀ is from depending on the offset only: over every diagonal a − b = c,
 * the spread max − min of its entries; the largest spread over all diagonals.
 */
export function diagonalSpread(similarity: ArrayLike<number>, n: number): number {
  let worst = 0;
  for (let c = -(n - 1); c <= n - 1; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let a = Math.max(0, c); a < Math.min(n, n + c); a++) {
      const v = similarity[a * n + (a - c)];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    worst = Math.max(worst, hi - lo);
  }
  return worst;
}

/** A seeded permutation of 0…n−1 (Fisher–Yates with a small LCG), never the identity for n ≥ 2. */
export function seededPermutation(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let state = (seed >>> 0) || 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  if (n >= 2 && order.every((v, i) => v === i)) [order[0], order[1]] = [order[1], order[0]];
  return order;
}

/**
 * Rows of `shuffled` (computed on tokens[perm[r]] at row r) put back in the original order:
 * row perm[r] of the result is row r of `shuffled`.
 */
export function unpermuteRows(shuffled: ArrayLike<number>, perm: readonly number[], width: number): Float64Array {
  const out = new Float64Array(perm.length * width);
  perm.forEach((source, r) => {
    for (let j = 0; j < width; j++) out[source * width + j] = shuffled[r * width + j];
  });
  return out;
}

/** Numbers for the screen: 4 significant digits, exponent for tiny ones, never NaN text. */
export function formatError(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  return Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toPrecision(4);
}

export const D_MODEL_CHOICES = [8, 16, 32, 64, 128, 256, 512] as const;
export const POSITION_CHOICES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] as const;
export const BASE_CHOICES = [10, 100, 1000, 10000, 100000] as const;
export const OFFSET_CHOICES = [0, 1, 2, 3, 4, 5, 8, 16, 32, 64, 100] as const;

/** The "shuffle the words" order of the position lesson's companion model (playground.svelte.ts). */
export function shufflePermutation(n: number, seed: number): number[] {
  return seededPermutation(n, seed);
}
