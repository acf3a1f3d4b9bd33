import { describe, expect, it } from 'vitest';
import { fitQuadratic, flopCrossover, layerCost, median, paperTable } from './costModel';

describe('layerCost', () => {
  it('counts a hand-computed case: n = 8, d_model = 64, h = 4, 2 layers', () => {
    const cost = layerCost({ n: 8, dModel: 64, numHeads: 4, numLayers: 2 });
    // d_k = 16: QKᵀ 2·64·16 = 2048, softmax 5·64 = 320, scaling 64, ·V 2048.
    expect(cost.scoresFlops).toBe(2048);
    expect(cost.softmaxFlops).toBe(320);
    expect(cost.scalingFlops).toBe(64);
    expect(cost.weightedSumFlops).toBe(2048);
    expect(cost.quadraticFlops).toBe(4 * (2048 + 64 + 320 + 2048));
    expect(cost.projectionFlops).toBe(8 * 8 * 64 * 64); // 262144
    expect(cost.ffnFlops).toBe(4 * 8 * 64 * 256); // 524288
    expect(cost.attentionMatrixBytes).toBe(4 * 64 * 4); // 1024
    expect(cost.totalAttentionMatrixBytes).toBe(2048);
  });
  it('grows as n² in the attention parts and as n in the projections', () => {
    const one = layerCost({ n: 100, dModel: 32, numHeads: 2, numLayers: 1 });
    const two = layerCost({ n: 200, dModel: 32, numHeads: 2, numLayers: 1 });
    expect(two.quadraticFlops / one.quadraticFlops).toBe(4);
    expect(two.projectionFlops / one.projectionFlops).toBe(2);
    expect(two.attentionMatrixBytes).toBe(4 * 200 * 200 * 2);
  });
  it('puts the crossover where quadratic and projection FLOPs agree, near 2·d_model', () => {
    const n = flopCrossover(64, 4);
    const cost = layerCost({ n, dModel: 64, numHeads: 4, numLayers: 1 });
    expect(cost.quadraticFlops).toBeCloseTo(cost.projectionFlops, 6);
    expect(n).toBeCloseTo((8 * 64 * 64) / (256 + 24), 12);
    expect(n / (2 * 64)).toBeGreaterThan(0.9);
  });
});

describe('paperTable', () => {
  it('evaluates Table 1 at n = 16, d = 8, k = 3, r = 4', () => {
    const [self, recurrent, conv, restricted] = paperTable(16, 8, 3, 4);
    expect(self).toEqual({ layer: 'selfAttention', complexity: 16 * 16 * 8, sequential: 1, pathLength: 1 });
    expect(recurrent).toEqual({ layer: 'recurrent', complexity: 16 * 64, sequential: 16, pathLength: 16 });
    expect(conv.complexity).toBe(3 * 16 * 64);
    expect(conv.pathLength).toBe(3); // ⌈log₃ 16⌉ = ⌈2.52⌉
    expect(restricted.complexity).toBe(4 * 16 * 8);
    expect(restricted.pathLength).toBe(4);
  });
});

describe('fitQuadratic', () => {
  it('recovers exact coefficients from points on a parabola', () => {
    const ns = [16, 32, 64, 128, 256, 512, 1024];
    const fit = fitQuadratic(ns, ns.map((n) => 0.5 + 0.01 * n + 2e-5 * n * n))!;
    expect(fit.a).toBeCloseTo(0.5, 9);
    expect(fit.b).toBeCloseTo(0.01, 11);
    expect(fit.c).toBeCloseTo(2e-5, 13);
    expect(fit.crossover).toBeCloseTo(500, 6);
  });
  it('is the least-squares solution for a hand-computed noisy case', () => {
    // Normal equations by hand: Σ1 = 4, Σn = 10, Σn² = 30, Σn³ = 100, Σn⁴ = 354; Σt = 6,
    // Σnt = 18, Σn²t = 60 → 5b + 25c = 3 and 25b + 129c = 15 → c = 0, b = 0.6, a = 0.
    const ns = [1, 2, 3, 4];
    const ts = [1, 0, 3, 2];
    const fit = fitQuadratic(ns, ts)!;
    const residuals = ns.map((n, i) => ts[i] - (fit.a + fit.b * n + fit.c * n * n));
    for (const power of [0, 1, 2]) {
      const dot = residuals.reduce((sum, r, i) => sum + r * ns[i] ** power, 0);
      expect(Math.abs(dot)).toBeLessThan(1e-9);
    }
    expect(fit.a).toBeCloseTo(0, 9);
    expect(fit.b).toBeCloseTo(0.6, 9);
    expect(fit.c).toBeCloseTo(0, 9);
  });
  it('needs three distinct n', () => {
    expect(fitQuadratic([1, 1, 2], [1, 2, 3])).toBeNull();
  });
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
