// The positional-encoding lesson's numbers: the Float64 table against the closed formula
// at hand-picked points, the relative-position map M_k, the offset-only similarity, and the
// order blindness of attention without PE (checked on the independent Float64 reference).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ModelConfig } from '../model/config';
import { createWeights } from '../model/weights';
import { positionalEncoding, referenceForward } from '../reference/referenceTransformer';
import { encodingRow, encodingTable, offsetMatrix, rotateByOffset, similarityMatrix } from '../reference/positionReference';
import { diagonalSpread, formatError, maxAbsDifference, seededPermutation, unpermuteRows } from './positionReadouts';

describe('PE table against the closed formula', () => {
  it('matches values worked out by hand', () => {
    // pos 0: sin 0 = 0, cos 0 = 1 in every pair.
    const zero = encodingRow(0, 8, 10000);
    expect(Array.from(zero)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    // d = 4, base 10000: ω_0 = 1, ω_1 = 10000^(−1/2) = 0.01.
    const row = encodingRow(3, 4, 10000);
    expect(row[0]).toBeCloseTo(Math.sin(3), 15);
    expect(row[1]).toBeCloseTo(Math.cos(3), 15);
    expect(row[2]).toBeCloseTo(Math.sin(0.03), 15);
    expect(row[3]).toBeCloseTo(Math.cos(0.03), 15);
    // d = 8, base 100: pair 2 has ω = 100^(−4/8) = 0.1, pos 10 → angle 1.
    const other = encodingRow(10, 8, 100);
    expect(other[4]).toBeCloseTo(Math.sin(1), 14);
    expect(other[5]).toBeCloseTo(Math.cos(1), 14);
  });

  it('equals the model reference encoding at base 10000', () => {
    expect(maxAbsDifference(encodingTable(16, 64, 10000), positionalEncoding(16, 64))).toBeLessThan(1e-14); // pos·ω vs pos/base^x rounding
  });
});

describe('relative position: M_k · PE(pos) = PE(pos + k)', () => {
  for (const [d, base] of [
    [8, 10000],
    [64, 10000],
    [512, 100],
  ] as const) {
    it(`holds to 1e-12 in Float64 (d = ${d}, base ${base})`, () => {
      let worst = 0;
      for (const pos of [0, 1, 7, 100, 1000]) {
        for (const k of [0, 1, 5, 64, 100]) {
          const rotated = rotateByOffset(encodingRow(pos, d, base), k, d, base);
          worst = Math.max(worst, maxAbsDifference(rotated, encodingRow(pos + k, d, base)));
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('the explicit block-diagonal matrix does the same as the pairwise rotation', () => {
    const d = 8;
    const m = offsetMatrix(3, d, 10000);
    const v = encodingRow(5, d, 10000);
    const product = Array.from({ length: d }, (_, r) => v.reduce((sum, x, c) => sum + m[r * d + c] * x, 0));
    expect(maxAbsDifference(product, rotateByOffset(v, 3, d, 10000))).toBeLessThan(1e-15);
    // and it is zero off the 2×2 blocks
    expect(m[0 * d + 2]).toBe(0);
    expect(m[3 * d + 1]).toBe(0);
  });
});

describe('PE · PEᵀ depends only on the offset', () => {
  it('each diagonal is constant (spread < 1e-12) and equals Σ cos(c·ω_i)', () => {
    const n = 32;
    const d = 16;
    const s = similarityMatrix(encodingTable(n, d, 10000), n, d);
    expect(diagonalSpread(s, n)).toBeLessThan(1e-12);
    // on the main diagonal sin² + cos² = 1 in every pair: d/2
    expect(s[5 * n + 5]).toBeCloseTo(d / 2, 12);
  });

  it('uses the first n rows of a longer table (the lesson caps S at 64 of up to 1,024 positions)', () => {
    const d = 16;
    const capped = similarityMatrix(encodingTable(256, d, 10000), 64, d);
    expect(Array.from(capped)).toEqual(Array.from(similarityMatrix(encodingTable(64, d, 10000), 64, d)));
  });

  it('diagonalSpread sees a matrix that is not offset-only', () => {
    expect(diagonalSpread([1, 0, 0, 2], 2)).toBe(1);
  });
});

describe('order blindness without PE (Float64 reference transformer)', () => {
  const tokens = ['大', '模', '型', '是', '个', '潜', '力', '股'];
  const perm = seededPermutation(tokens.length, 42);

  function outputs(positional: boolean, order: readonly string[]) {
    const config: ModelConfig = { ...DEFAULT_CONFIG, positional, mask: 'none' };
    const trace = referenceForward(
      { config, tokens: [...order], isPadding: order.map(() => false) },
      createWeights(config.seed, config.dModel, config.numLayers),
    );
    return trace.layers[config.numLayers - 1].output.data;
  }

  it('the permutation is deterministic and not the identity', () => {
    expect(seededPermutation(8, 42)).toEqual(perm);
    expect(perm.some((v, i) => v !== i)).toBe(true);
    expect([...perm].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('without PE the shuffled outputs are the original rows permuted (1e-12)', () => {
    const original = outputs(false, tokens);
    const shuffled = outputs(false, perm.map((i) => tokens[i]));
    expect(maxAbsDifference(unpermuteRows(shuffled, perm, DEFAULT_CONFIG.dModel), original)).toBeLessThan(1e-12);
  });

  it('with PE they are not', () => {
    const original = outputs(true, tokens);
    const shuffled = outputs(true, perm.map((i) => tokens[i]));
    expect(maxAbsDifference(unpermuteRows(shuffled, perm, DEFAULT_CONFIG.dModel), original)).toBeGreaterThan(1e-2);
  });
});

describe('formatError', () => {
  it('never prints NaN or Infinity', () => {
    expect(formatError(NaN)).toBe('—');
    expect(formatError(Infinity)).toBe('—');
    expect(formatError(1.5e-7)).toBe('1.50e-7');
    expect(formatError(0.25)).toBe('0.2500');
  });
});
