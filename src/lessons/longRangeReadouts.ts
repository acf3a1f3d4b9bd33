// The long-range lesson's settings ranges and its plain readouts (no runes, no TF.js: the
// e2e spec imports this module too).

export const LONG_RANGE_D_MODEL = 16;
export const LONG_RANGE_MAX_N = 64;
/** Sequence length n of the path diagram and the readout: 2 … 64. */
export const LENGTH_CHOICES = Array.from({ length: LONG_RANGE_MAX_N - 1 }, (_, i) => i + 2);
/** Scale of the RNN's recurrent weights (spectral radius ≈ scale). */
export const RECURRENT_SCALE_CHOICES = [0.5, 0.75, 0.9, 1, 1.25, 1.5, 2, 2.5] as const;
export const LONG_RANGE_SEED_CHOICES = [1, 2, 3, 4, 5, 6, 7, 8] as const;
/**
 * Relative agreement required between the backend's autodiff and the Float64 reference,
 * for every n. The RNN's float32 forward pass rounds at every step, and for a chaotic
 * recurrence (large scale) those roundings grow along the sequence: on the cpu backend, seeds
 * 1–8, the worst case is 1.2e-4 at scale 2.5 and 1e-5 at scale 2, but 0.26 at scale 3 (seed 5),
 * where float32 and float64 no longer follow the same trajectory, so the slider stops at 2.5.
 */
export const LONG_RANGE_TOLERANCE = 1e-2;

/**
 * The RNN's allowance grows with the chain: each recurrent step's float32 tanh and product
 * round, and the roundings add up along the n − 1 steps (WebGPU's tanh, 1 − e^{−2|x|} over
 * 1 + e^{−2|x|}, rounds more than the cpu's: 1.9e-2 at n = 52, scale 1, on SwiftShader).
 * Relative RNN_TOLERANCE_PER_STEP · (n − 1) at each n, besides LONG_RANGE_TOLERANCE.
 */
export const RNN_TOLERANCE_PER_STEP = 1e-3;
export function rnnTolerance(n: number): number {
  return Math.max(LONG_RANGE_TOLERANCE, RNN_TOLERANCE_PER_STEP * (n - 1));
}

/**
 * The RNN is compared where its reference gradient is at least this fraction of its n = 2
 * value. Below, the GPU backends' float32 backward pass leaves a noise floor: on WebGPU
 * (SwiftShader) the relative difference stays under 1e-5 down to ≈1e-9 of the start, then
 * climbs to 20× at 1e-15 (scale 1, n = 64); wasm and cpu agree to 1e-6 all the way down.
 * There the check is only that the measured value is below 100 × the floor: it has vanished.
 */
export const RNN_COMPARE_FLOOR = 1e-9;

/** Whether the RNN's value at index k is compared relatively (else only as vanished). */
export function rnnCompared(reference: readonly number[], k: number): boolean {
  return reference[k] >= RNN_COMPARE_FLOOR * reference[0];
}

/** Path lengths and costs for n tokens, the pair (i, j) and width d. */
export function pathCounts(n: number, i: number, j: number, d: number) {
  return {
    attentionPath: i === j ? 0 : 1,
    rnnPath: Math.abs(i - j),
    attentionMaxPath: 1,
    rnnMaxPath: n - 1,
    /** Query–key pairs one attention layer scores: n². */
    attentionPairs: n * n,
    /** Steps that must run one after another: attention 1 (all pairs at once), RNN n. */
    attentionSequential: 1,
    rnnSequential: n,
    /** Multiply-adds of one layer: attention 3·n·d² (Q, K, V) + 2·n²·d (scores, weighted sum); RNN 2·n·d² (h W, x U). */
    attentionWork: 3 * n * d * d + 2 * n * n * d,
    rnnWork: 2 * n * d * d,
  };
}

/** Worst relative difference |a − b| / |b| over two curves; null when a value is missing. With
 *  `allowed`, each difference is divided by the allowance at its index (≤ 1: all within). */
export function worstRelative(measured: readonly (number | null)[], reference: readonly number[], allowed: (index: number) => number = () => 1): number | null {
  let worst = 0;
  for (let i = 0; i < reference.length; i++) {
    const value = measured[i];
    if (value === null || value === undefined) return null;
    if (reference[i] === 0) { if (value !== 0) return Infinity; continue; }
    worst = Math.max(worst, Math.abs(value - reference[i]) / Math.abs(reference[i]) / allowed(i));
  }
  return worst;
}

/** A gradient norm as the readout prints it: 2 significant digits, exponent form. */
export function formatNorm(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '0';
  return value.toExponential(1).replace('e+', 'e');
}
