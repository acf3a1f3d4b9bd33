// Float64 closed forms for the √d_k lesson, written from the formulas and sharing no code
// with the TF.js probe (src/model/scalingProbe.ts). They are the oracle its readouts are
// tested against: dot products, softmax, the softmax Jacobian diag(p) − ppᵀ and its
// Frobenius norm, central finite differences, entropy and variance.

/** q · k over the first `length` components, accumulated in float64. */
export function dotProduct(q: ArrayLike<number>, k: ArrayLike<number>, length: number, qOffset = 0, kOffset = 0): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += q[qOffset + i] * k[kOffset + i];
  return sum;
}

/** softmax(z)ᵢ = exp(zᵢ − max z) / Σⱼ exp(zⱼ − max z). Subtracting the maximum changes nothing mathematically and keeps exp finite. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    total += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

/** ∂p/∂z of p = softmax(z): J = diag(p) − ppᵀ, i.e. J[i][j] = pᵢ(δᵢⱼ − pⱼ); m × m row-major. */
export function softmaxJacobian(weights: ArrayLike<number>): Float64Array {
  const m = weights.length;
  const jacobian = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) jacobian[i * m + j] = (i === j ? weights[i] : 0) - weights[i] * weights[j];
  }
  return jacobian;
}

/** ‖A‖_F = √(Σ aᵢⱼ²). */
export function frobeniusNorm(matrix: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < matrix.length; i++) sum += matrix[i] * matrix[i];
  return Math.sqrt(sum);
}

/**
 * ‖diag(p) − ppᵀ‖_F without forming the matrix, expanded so no term cancels near a
 * one-hot p: the diagonal pᵢ(1 − pᵢ) is written pᵢ·Σ_{j≠i} pⱼ.
 */
export function softmaxJacobianNorm(weights: ArrayLike<number>): number {
  const m = weights.length;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    let others = 0; // 1 − pᵢ, since Σ p = 1
    for (let j = 0; j < m; j++) if (j !== i) others += weights[j];
    const diagonal = weights[i] * others;
    sum += diagonal * diagonal;
    for (let j = 0; j < m; j++) if (j !== i) sum += (weights[i] * weights[j]) ** 2;
  }
  return Math.sqrt(sum);
}

/**
 * ∂softmax(z)/∂z by central differences: column j is (softmax(z + h·eⱼ) − softmax(z − h·eⱼ)) / 2h,
 * written into J[i][j] (row i = output i), m × m row-major.
 */
export function finiteDifferenceJacobian(logits: ArrayLike<number>, step = 1e-5): Float64Array {
  const m = logits.length;
  const jacobian = new Float64Array(m * m);
  const shifted = Float64Array.from(logits);
  for (let j = 0; j < m; j++) {
    shifted[j] = logits[j] + step;
    const up = softmax(shifted);
    shifted[j] = logits[j] - step;
    const down = softmax(shifted);
    shifted[j] = logits[j];
    for (let i = 0; i < m; i++) jacobian[i * m + j] = (up[i] - down[i]) / (2 * step);
  }
  return jacobian;
}

/** Entropy in nats, −Σ pᵢ ln pᵢ, with 0 · ln 0 = 0. */
export function entropy(weights: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) sum -= weights[i] * Math.log(weights[i]);
  return sum;
}

/** Population mean and variance, (1/N) Σ (xᵢ − x̄)², two-pass. */
export function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  const count = values.length;
  if (count === 0) return { mean: 0, variance: 0 };
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i];
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i] - mean) ** 2;
  return { mean, variance: squares / count };
}
