// Float64 sinusoidal positional encoding with a free base, written from the formula:
//   PE(pos, 2i) = sin(pos · ω_i),  PE(pos, 2i+1) = cos(pos · ω_i),  ω_i = base^(−2i/d).
// And the relative-position map M_k: block-diagonal 2×2 rotations by k·ω_i, so that
// M_k · PE(pos) = PE(pos + k) for every pos (the angle-addition formulas).
import { matmulTransposedB } from './linearAlgebra';

/** ω_i = base^(−2i/d) for i = 0 … d/2 − 1. */
export function frequencies(dModel: number, base: number): Float64Array {
  const half = dModel / 2;
  const omega = new Float64Array(half);
  for (let i = 0; i < half; i++) omega[i] = Math.pow(base, (-2 * i) / dModel);
  return omega;
}

/** One row PE(pos, ·), length d (d even). */
export function encodingRow(pos: number, dModel: number, base: number): Float64Array {
  const omega = frequencies(dModel, base);
  const row = new Float64Array(dModel);
  for (let i = 0; i < dModel / 2; i++) {
    row[2 * i] = Math.sin(pos * omega[i]);
    row[2 * i + 1] = Math.cos(pos * omega[i]);
  }
  return row;
}

/** The table PE, [positions, d], row-major. */
export function encodingTable(positions: number, dModel: number, base: number): Float64Array {
  const table = new Float64Array(positions * dModel);
  for (let pos = 0; pos < positions; pos++) table.set(encodingRow(pos, dModel, base), pos * dModel);
  return table;
}

/**
 * M_k · v without building the d×d matrix: each pair (v_2i, v_2i+1) = (sin, cos) is rotated
 * by k·ω_i. sin(a + b) = sin a cos b + cos a sin b; cos(a + b) = cos a cos b − sin a sin b.
 */
export function rotateByOffset(vector: ArrayLike<number>, offset: number, dModel: number, base: number): Float64Array {
  const omega = frequencies(dModel, base);
  const out = new Float64Array(dModel);
  for (let i = 0; i < dModel / 2; i++) {
    const c = Math.cos(offset * omega[i]);
    const s = Math.sin(offset * omega[i]);
    const sinPart = vector[2 * i];
    const cosPart = vector[2 * i + 1];
    out[2 * i] = c * sinPart + s * cosPart;
    out[2 * i + 1] = -s * sinPart + c * cosPart;
  }
  return out;
}

/** The full d×d matrix M_k (row-major), for display and for checking rotateByOffset. */
export function offsetMatrix(offset: number, dModel: number, base: number): Float64Array {
  const omega = frequencies(dModel, base);
  const m = new Float64Array(dModel * dModel);
  for (let i = 0; i < dModel / 2; i++) {
    const c = Math.cos(offset * omega[i]);
    const s = Math.sin(offset * omega[i]);
    const r = 2 * i;
    m[r * dModel + r] = c;
    m[r * dModel + r + 1] = s;
    m[(r + 1) * dModel + r] = -s;
    m[(r + 1) * dModel + r + 1] = c;
  }
  return m;
}

/**
 * S = PE · PEᵀ, [n, n]: S[a, b] = Σ_i cos((a − b)·ω_i), a function of a − b only. The
 * table may have more rows than n (the lesson caps S below its table's length): its first
 * n rows are used.
 */
export function similarityMatrix(table: ArrayLike<number>, positions: number, dModel: number): Float64Array {
  const rows = table.length === positions * dModel ? table : Float64Array.from({ length: positions * dModel }, (_, i) => table[i]);
  return matmulTransposedB(rows, rows, positions, dModel, positions);
}

/**
 * S = PE · PEᵀ by offset: entry c is Σ_i cos(c·ω_i) = S[a, b] for every a − b = ±c, c = 0 … n − 1.
 * The n² · d product shrinks to n · d/2 cosines, cheap enough to check a 1024 × 1024 S.
 */
export function similarityByOffset(positions: number, dModel: number, base: number): Float64Array {
  const omega = frequencies(dModel, base);
  const byOffset = new Float64Array(positions);
  for (let c = 0; c < positions; c++) {
    let sum = 0;
    for (let i = 0; i < omega.length; i++) sum += Math.cos(c * omega[i]);
    byOffset[c] = sum;
  }
  return byOffset;
}
