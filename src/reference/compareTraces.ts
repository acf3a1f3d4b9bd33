// Element-wise comparison of a model trace with the reference trace, one row per tensor.
// The error measure is |model − reference| / (1 + |reference|): absolute for values
// below 1 (weights, probabilities), relative for large ones (masked scores near −1e4,
// where one float32 step is already 1e-3).

import { listTraceTensors, type ForwardTrace } from '../model/trace';

/** Tolerances held on every backend (float32 arithmetic against float64). */
export const TOLERANCES = {
  /** Softmax outputs in [0, 1]: absolute error. */
  attentionWeights: 1e-5,
  /** The 0/1 mask must match exactly. */
  mask: 0,
  /** Every other intermediate. */
  other: 1e-4,
} as const;

export function toleranceFor(name: string): number {
  if (name === 'mask') return TOLERANCES.mask;
  if (name.endsWith('attentionWeights')) return TOLERANCES.attentionWeights;
  return TOLERANCES.other;
}

export interface ComparisonRow {
  name: string;
  shape: number[];
  /** Largest |model − reference| / (1 + |reference|); Infinity for a shape mismatch or non-finite value. */
  maxAbsError: number;
  tolerance: number;
}

export function compareTraces(model: ForwardTrace, reference: ForwardTrace): ComparisonRow[] {
  const modelTensors = new Map(listTraceTensors(model).map(({ name, tensor }) => [name, tensor]));
  return listTraceTensors(reference).map(({ name, tensor: expected }) => {
    const actual = modelTensors.get(name);
    const row = { name, shape: expected.shape, tolerance: toleranceFor(name) };
    if (!actual || actual.shape.join('x') !== expected.shape.join('x') || actual.data.length !== expected.data.length) {
      return { ...row, maxAbsError: Infinity };
    }
    let worst = 0;
    for (let i = 0; i < expected.data.length; i++) {
      const error = Math.abs(actual.data[i] - expected.data[i]) / (1 + Math.abs(expected.data[i]));
      if (!(error <= worst)) worst = Number.isNaN(error) ? Infinity : error;
    }
    return { ...row, maxAbsError: worst };
  });
}
