// Counting the cost of one transformer layer at sequence length n (pure, exact formulas),
// and the least-squares fit t(n) = a + b·n + c·n² of measured attention times.
//
// FLOPs count one multiply and one add as 2. Softmax per row of n scores: n subtractions
// of the row maximum, n exponentials, n − 1 additions, n divisions, and the maximum's
// n − 1 comparisons: about 5·n per row, counted here as exactly 5·n² per head.

/** The lesson's n slider (also the values its URL key accepts, state/lessonSettings.ts). */
export const N_CHOICES = [8, 16, 32, 64, 128, 256, 384, 512, 768, 1024, 1536, 2048] as const;
/** The largest n the sweep times (a slider: small for a quick look, 2048 to push the backend). */
export const MAX_TIMED_CHOICES = N_CHOICES.filter((choice) => choice >= 32);

export interface CostShape {
  n: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
}

export interface LayerCost {
  /** Per head: QKᵀ, 2·n²·d_k. */
  scoresFlops: number;
  /** Per head: dividing the n² scores by √d_k. */
  scalingFlops: number;
  /** Per head: 5·n². */
  softmaxFlops: number;
  /** Per head: weights · V, 2·n²·d_k. */
  weightedSumFlops: number;
  /** Per layer, all heads: the quadratic parts above times h. */
  quadraticFlops: number;
  /** Per layer: W_Q, W_K, W_V, W_O, 4 · 2·n·d_model². */
  projectionFlops: number;
  /** Per layer: two matrices of d_model × d_ff, 2 · 2·n·d_model·d_ff. */
  ffnFlops: number;
  /** Per layer: the n × n weights of every head, float32: 4·n²·h bytes. */
  attentionMatrixBytes: number;
  /** All layers. */
  totalAttentionMatrixBytes: number;
}

export function layerCost({ n, dModel, numHeads, numLayers }: CostShape, ffnWidth = 4 * dModel): LayerCost {
  const dK = dModel / numHeads;
  const scoresFlops = 2 * n * n * dK;
  const scalingFlops = n * n;
  const softmaxFlops = 5 * n * n;
  const weightedSumFlops = 2 * n * n * dK;
  const attentionMatrixBytes = 4 * n * n * numHeads;
  return {
    scoresFlops,
    scalingFlops,
    softmaxFlops,
    weightedSumFlops,
    quadraticFlops: numHeads * (scoresFlops + scalingFlops + softmaxFlops + weightedSumFlops),
    projectionFlops: 4 * 2 * n * dModel * dModel,
    ffnFlops: 2 * 2 * n * dModel * ffnWidth,
    attentionMatrixBytes,
    totalAttentionMatrixBytes: attentionMatrixBytes * numLayers,
  };
}

/**
 * n where the quadratic attention FLOPs (h·(4·n²·d_k + 6·n²) = n²·(4·d_model + 6·h))
 * equal the projections' 8·n·d_model²: n = 8·d_model² / (4·d_model + 6·h), about 2·d_model.
 */
export function flopCrossover(dModel: number, numHeads: number): number {
  return (8 * dModel * dModel) / (4 * dModel + 6 * numHeads);
}

/** Table 1 of "Attention Is All You Need", evaluated (constants dropped as in the paper). */
export interface PaperRow {
  layer: 'selfAttention' | 'recurrent' | 'convolutional' | 'restricted';
  /** Per-layer complexity evaluated at n, d (k, r). */
  complexity: number;
  sequential: number;
  pathLength: number;
}

export function paperTable(n: number, d: number, kernel: number, neighbourhood: number): PaperRow[] {
  return [
    { layer: 'selfAttention', complexity: n * n * d, sequential: 1, pathLength: 1 },
    { layer: 'recurrent', complexity: n * d * d, sequential: n, pathLength: n },
    { layer: 'convolutional', complexity: kernel * n * d * d, sequential: 1, pathLength: Math.max(1, Math.ceil(Math.log(n) / Math.log(kernel))) },
    { layer: 'restricted', complexity: neighbourhood * n * d, sequential: 1, pathLength: Math.max(1, Math.ceil(n / neighbourhood)) },
  ];
}

export interface QuadraticFit {
  a: number;
  b: number;
  c: number;
  /** n where c·n² = b·n (null when b or c is not positive: no crossover to show). */
  crossover: number | null;
}

/**
 * Least squares t ≈ a + b·n + c·n² through the points, by the 3 × 3 normal equations
 * solved with Gaussian elimination (partial pivoting). n is scaled by its maximum first
 * so the sums of n⁴ stay well conditioned. Null with fewer than 3 distinct n.
 */
export function fitQuadratic(ns: readonly number[], times: readonly number[]): QuadraticFit | null {
  if (ns.length !== times.length || new Set(ns).size < 3) return null;
  const scale = Math.max(...ns);
  const s = [0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  ns.forEach((nRaw, i) => {
    const x = nRaw / scale;
    let power = 1;
    for (let k = 0; k < 5; k++) {
      s[k] += power;
      if (k < 3) r[k] += power * times[i];
      power *= x;
    }
  });
  const m = [
    [s[0], s[1], s[2], r[0]],
    [s[1], s[2], s[3], r[1]],
    [s[2], s[3], s[4], r[2]],
  ];
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let row = col + 1; row < 3; row++) if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) pivot = row;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    if (m[col][col] === 0) return null;
    for (let row = 0; row < 3; row++) {
      if (row === col) continue;
      const factor = m[row][col] / m[col][col];
      for (let k = col; k < 4; k++) m[row][k] -= factor * m[col][k];
    }
  }
  const a = m[0][3] / m[0][0];
  const b = m[1][3] / m[1][1] / scale;
  const c = m[2][3] / m[2][2] / (scale * scale);
  if (![a, b, c].every(Number.isFinite)) return null;
  return { a, b, c, crossover: b > 0 && c > 0 ? b / c : null };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
