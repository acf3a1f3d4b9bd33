// The multi-head split as plain arithmetic (no DOM, no TF.js): which columns of a
// [n × d_model] projection each head owns, cutting it into [h, n, d_k] and gluing it back,
// the output projection, and what the split costs (nothing: the counts do not depend on h).
// The heads lesson draws these; headSplit.test.ts checks them against the reference model.

import type { TieMode } from '../model/config';
import type { LayerWeights } from '../model/weights';

export type Projection = 'query' | 'key' | 'value';

/** The columns of the projected matrix one head owns: start … end − 1. */
export interface HeadColumns {
  head: number;
  start: number;
  /** Exclusive. */
  end: number;
}

/** d_k = d_model / h; only head counts that divide d_model are allowed. */
export function headWidthOf(dModel: number, numHeads: number): number {
  if (!Number.isInteger(dModel) || !Number.isInteger(numHeads) || numHeads < 1 || dModel < 1 || dModel % numHeads !== 0) {
    throw new Error(`heads (${numHeads}) must divide d_model (${dModel})`);
  }
  return dModel / numHeads;
}

/** Head i owns columns i·d_k … (i+1)·d_k − 1: consecutive slices, in order. */
export function headColumnRanges(dModel: number, numHeads: number): HeadColumns[] {
  const dK = headWidthOf(dModel, numHeads);
  return Array.from({ length: numHeads }, (_, head) => ({ head, start: head * dK, end: (head + 1) * dK }));
}

/** Which head owns a column of the projected (or concatenated) matrix, and its index inside that head. */
export function headOfColumn(column: number, dModel: number, numHeads: number): { head: number; indexInHead: number } {
  const dK = headWidthOf(dModel, numHeads);
  if (!Number.isInteger(column) || column < 0 || column >= dModel) {
    throw new Error(`column ${column} is outside 0 … ${dModel - 1}`);
  }
  return { head: Math.floor(column / dK), indexInHead: column % dK };
}

/** [n × d_model] → [h, n, d_k]: head i gets columns i·d_k … (i+1)·d_k − 1 of every row. */
export function splitIntoHeads(matrix: ArrayLike<number>, rows: number, dModel: number, numHeads: number): Float64Array {
  const dK = headWidthOf(dModel, numHeads);
  expectLength('matrix', matrix, rows * dModel);
  const perHead = new Float64Array(numHeads * rows * dK);
  for (let head = 0; head < numHeads; head++) {
    for (let row = 0; row < rows; row++) {
      for (let index = 0; index < dK; index++) {
        perHead[(head * rows + row) * dK + index] = matrix[row * dModel + head * dK + index];
      }
    }
  }
  return perHead;
}

/** [h, n, d_k] → [n × h·d_k]: the heads side by side again (the inverse of splitIntoHeads; Concat). */
export function recomposeHeads(perHead: ArrayLike<number>, rows: number, numHeads: number, dK: number): Float64Array {
  expectLength('perHead', perHead, numHeads * rows * dK);
  const dModel = numHeads * dK;
  const matrix = new Float64Array(rows * dModel);
  for (let head = 0; head < numHeads; head++) {
    for (let row = 0; row < rows; row++) {
      for (let index = 0; index < dK; index++) {
        matrix[row * dModel + head * dK + index] = perHead[(head * rows + row) * dK + index];
      }
    }
  }
  return matrix;
}

/** A·B with A [rows × inner] and B [inner × cols], row-major, accumulated in float64. */
export function multiply(a: ArrayLike<number>, b: ArrayLike<number>, rows: number, inner: number, cols: number): Float64Array {
  expectLength('A', a, rows * inner);
  expectLength('B', b, inner * cols);
  const out = new Float64Array(rows * cols);
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < inner; k++) {
      const left = a[row * inner + k];
      for (let col = 0; col < cols; col++) out[row * cols + col] += left * b[k * cols + col];
    }
  }
  return out;
}

/** Concat(head₁ … head_h)·W_O: [n × d_model]·[d_model × d_model]. */
export function outputProjection(concatenated: ArrayLike<number>, outputWeights: ArrayLike<number>, rows: number, dModel: number): Float64Array {
  return multiply(concatenated, outputWeights, rows, dModel, dModel);
}

/** The matrix a projection really uses: tied projections (the Q/K/V lesson) reuse W_Q. */
export function projectionWeights(layer: LayerWeights, projection: Projection, tie: TieMode): Float32Array {
  if (projection === 'query') return layer.queryWeights;
  if (projection === 'key') return tie === 'none' ? layer.keyWeights : layer.queryWeights;
  return tie === 'qkv' ? layer.queryWeights : layer.valueWeights;
}

/** Weight matrices of size d_model × d_model that are distinct: W_Q, W_K, W_V, W_O less the tied ones. */
export function distinctProjectionMatrices(tie: TieMode): number {
  return tie === 'none' ? 4 : tie === 'qk' ? 3 : 2;
}

export interface SplitCost {
  dK: number;
  /** Weights of one head's slice of W_Q (likewise W_K, W_V): d_model × d_k. */
  sliceWeights: number;
  /** The slices of W_Q, W_K and W_V over all heads: 3 · h · d_model · d_k = 3 · d_model². */
  qkvWeights: number;
  /** W_O: d_model². */
  outputWeights: number;
  /** qkvWeights + outputWeights = 4 · d_model², whatever h is. */
  totalWeights: number;
  /** Multiply-adds of the four projections on n tokens: 4 · n · d_model². */
  projectionMultiplyAdds: number;
  /** Multiply-adds of QKᵀ and weights·V over all heads: 2 · h · n² · d_k = 2 · n² · d_model. */
  attentionMultiplyAdds: number;
}

/** What the split costs, summed head by head (so the result shows that h cancels out). */
export function splitCost(dModel: number, numHeads: number, seqLen: number): SplitCost {
  const dK = headWidthOf(dModel, numHeads);
  const sliceWeights = dModel * dK;
  const qkvWeights = 3 * numHeads * sliceWeights;
  const outputWeights = dModel * dModel;
  return {
    dK,
    sliceWeights,
    qkvWeights,
    outputWeights,
    totalWeights: qkvWeights + outputWeights,
    projectionMultiplyAdds: 4 * seqLen * dModel * dModel,
    attentionMultiplyAdds: 2 * numHeads * seqLen * seqLen * dK,
  };
}

function expectLength(name: string, values: ArrayLike<number>, length: number): void {
  if (values.length !== length) throw new Error(`${name}: expected ${length} values, got ${values.length}`);
}
