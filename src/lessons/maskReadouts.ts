// Readouts of the masking lesson, from one head's [n, n] weights and the [n, n] mask
// (1 = may attend, 0 = masked): what the softmax did with the masked scores.

import type { NumberArray } from '../model/trace';

export interface MaskSummary {
  /** Cells the mask forbids. */
  maskedCount: number;
  /** Largest |weight| on a masked cell: exactly 0 when masking works. */
  largestMaskedWeight: number;
  /** Rows with at least one allowed key, and the extremes of their sums (both 1 up to rounding). */
  rowsWithKeys: number;
  smallestRowSum: number;
  largestRowSum: number;
  /** Rows whose every key is masked; their weights are defined as 0 (sum 0). */
  fullyMaskedRows: number[];
  /** Largest |row sum| among the fully masked rows (0 by definition). */
  largestEmptyRowSum: number;
}

/** Sum of each row of the n × n matrix at offset. */
export function rowSums(weights: NumberArray, n: number, offset = 0): Float64Array {
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += weights[offset + i * n + j];
    sums[i] = sum;
  }
  return sums;
}

export function summarizeMasking(weights: NumberArray, mask: NumberArray, n: number, offset = 0): MaskSummary {
  const sums = rowSums(weights, n, offset);
  let maskedCount = 0;
  let largestMaskedWeight = 0;
  let rowsWithKeys = 0;
  let smallestRowSum = Infinity;
  let largestRowSum = -Infinity;
  let largestEmptyRowSum = 0;
  const fullyMaskedRows: number[] = [];
  for (let i = 0; i < n; i++) {
    let allowedInRow = 0;
    for (let j = 0; j < n; j++) {
      if (mask[i * n + j] === 0) {
        maskedCount++;
        largestMaskedWeight = Math.max(largestMaskedWeight, Math.abs(weights[offset + i * n + j]));
      } else allowedInRow++;
    }
    if (allowedInRow === 0) {
      fullyMaskedRows.push(i);
      largestEmptyRowSum = Math.max(largestEmptyRowSum, Math.abs(sums[i]));
    } else {
      rowsWithKeys++;
      smallestRowSum = Math.min(smallestRowSum, sums[i]);
      largestRowSum = Math.max(largestRowSum, sums[i]);
    }
  }
  if (rowsWithKeys === 0) smallestRowSum = largestRowSum = 0;
  return { maskedCount, largestMaskedWeight, rowsWithKeys, smallestRowSum, largestRowSum, fullyMaskedRows, largestEmptyRowSum };
}
