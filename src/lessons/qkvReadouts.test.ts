import { describe, expect, it } from 'vitest';
import { diagonalMaxFraction, diagonalMaxRows, meanOverHeads, projectionParameterCount, symmetryError } from './qkvReadouts';
import { referenceForward } from '../reference/referenceTransformer';
import { createWeights } from '../model/weights';
import { tokenize } from '../model/tokenizer';
import { DEFAULT_CONFIG, type ModelConfig } from '../model/config';

function referenceScores(config: ModelConfig) {
  const { tokens, isPadding } = tokenize('大模型是个潜力股', config.seqLen);
  const trace = referenceForward({ config, tokens, isPadding }, createWeights(config.seed, config.dModel, config.numLayers));
  return trace.layers[0].rawScores.data;
}

describe('Q/K/V lesson readouts', () => {
  it('symmetry error by hand', () => {
    expect(symmetryError(Float64Array.from([1, 2, 2, 1]), 2)).toBe(0);
    // S = [[0, 1], [0, 0]]: ‖S − Sᵀ‖ = √2, ‖S‖ = 1.
    expect(symmetryError(Float64Array.from([0, 1, 0, 0]), 2)).toBeCloseTo(Math.SQRT2, 15);
    // Antisymmetric: S − Sᵀ = 2S, so the error is 2.
    expect(symmetryError(Float64Array.from([0, 3, -3, 0]), 2)).toBeCloseTo(2, 15);
    expect(symmetryError(new Float64Array(4), 2)).toBe(0);
    // Offset selects the second matrix.
    expect(symmetryError(Float64Array.from([0, 1, 0, 0, 5, 7, 7, 5]), 2, 4)).toBe(0);
  });

  it('diagonal maxima by hand, ties counting as the diagonal', () => {
    const scores = Float64Array.from([3, 1, 0, 2, 2, 5, 9, 0, 1]);
    expect(diagonalMaxRows(scores, 3)).toEqual([0]);
    expect(diagonalMaxFraction(Float64Array.from([2, 2, 0, 1]), 2)).toBe(1);
    expect(diagonalMaxFraction(scores, 3)).toBeCloseTo(1 / 3, 15);
  });

  it('parameter counts: 3d², 2d², d²', () => {
    expect(projectionParameterCount(64, 'none')).toBe(12288);
    expect(projectionParameterCount(64, 'qk')).toBe(8192);
    expect(projectionParameterCount(64, 'qkv')).toBe(4096);
  });

  it('on the Float64 reference model: tied scores are symmetric, separate ones are not', () => {
    const { numHeads, seqLen } = DEFAULT_CONFIG;
    const separate = referenceScores({ ...DEFAULT_CONFIG, tie: 'none' });
    const tied = referenceScores({ ...DEFAULT_CONFIG, tie: 'qk' });
    for (let head = 0; head < numHeads; head++) {
      expect(symmetryError(tied, seqLen, head * seqLen * seqLen)).toBeLessThan(1e-12);
      expect(symmetryError(separate, seqLen, head * seqLen * seqLen)).toBeGreaterThan(0.3);
    }
    // The diagonal |q_i|² dominates once Q = K: more rows peak on themselves.
    const tiedFraction = meanOverHeads(diagonalMaxFraction, tied, numHeads, seqLen);
    const separateFraction = meanOverHeads(diagonalMaxFraction, separate, numHeads, seqLen);
    expect(tiedFraction).toBeGreaterThan(separateFraction);
    expect(tiedFraction).toBeGreaterThanOrEqual(0.75);
  });
});
