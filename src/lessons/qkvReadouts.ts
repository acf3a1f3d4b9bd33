// Readouts of the "why three projections" lesson, computed from a score matrix S = QKᵀ
// of one head. Tied projections (W_K = W_Q) make S = QQᵀ: symmetric, and its diagonal
// |q_i|² tends to be each row's largest entry.

import type { TieMode } from '../model/config';
import type { NumberArray } from '../model/trace';

/** ‖S − Sᵀ‖_F / ‖S‖_F of the n × n matrix starting at offset: 0 for a symmetric matrix (0 too when S = 0). */
export function symmetryError(scores: NumberArray, n: number, offset = 0): number {
  let differenceSquared = 0;
  let normSquared = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const value = scores[offset + i * n + j];
      const difference = value - scores[offset + j * n + i];
      differenceSquared += difference * difference;
      normSquared += value * value;
    }
  }
  return normSquared > 0 ? Math.sqrt(differenceSquared / normSquared) : 0;
}

/** Rows i whose largest score is on the diagonal (S_ii ≥ S_ij for every j). */
export function diagonalMaxRows(scores: NumberArray, n: number, offset = 0): number[] {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const diagonal = scores[offset + i * n + i];
    let isMax = true;
    for (let j = 0; j < n && isMax; j++) if (scores[offset + i * n + j] > diagonal) isMax = false;
    if (isMax) rows.push(i);
  }
  return rows;
}

/** Fraction of rows whose maximum is on the diagonal, in [0, 1]. */
export function diagonalMaxFraction(scores: NumberArray, n: number, offset = 0): number {
  return n > 0 ? diagonalMaxRows(scores, n, offset).length / n : 0;
}

/** Weights in one layer's query, key and value projections: 3·d², 2·d² or d² when tied. */
export function projectionParameterCount(dModel: number, tie: TieMode): number {
  const matrices = tie === 'none' ? 3 : tie === 'qk' ? 2 : 1;
  return matrices * dModel * dModel;
}

/** Mean of a per-head readout over every head of one layer's [h, n, n] scores. */
export function meanOverHeads(
  readout: (scores: NumberArray, n: number, offset: number) => number,
  scores: NumberArray,
  numHeads: number,
  n: number,
): number {
  let sum = 0;
  for (let head = 0; head < numHeads; head++) sum += readout(scores, n, head * n * n);
  return sum / numHeads;
}
