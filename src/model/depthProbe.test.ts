// The depth probe (TF.js, cpu backend, in Node) against the independent Float64 reference
// (hand-written backward pass) in src/reference/depthReference.ts, same seeded numbers.
// Tolerances (float32 through up to 12 layers vs float64):
//   mean:  |probe − ref| ≤ 1e-4 · (ref std + 1e-30)     std: relative 1e-4
//   gradient norm: relative 1e-3
//   saturated fraction: ≤ 2 / (tokens·width) (a value at the 0.99 / 0 boundary may flip)
//   histogram counts (first/middle/last layer, 24 bins over the shared range of probe and
//   reference): the same total; Σ|count difference| ≤ 2 × (reference values within
//   1e-4 · std of a bin edge): only such a value can change bin, moving one count out of
//   one bin and into its neighbour. The float32 values themselves agree far closer than that.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { runDepthProbe } from './depthProbe';
import { depthReference, type DepthSetup } from '../reference/depthReference';
import { histogram, histogramLayers, sharedHalfWidth, valuesNearEdges } from '../lessons/depthHistograms';

const BINS = 24;

const BASE: DepthSetup = { seed: 7, depth: 12, width: 32, tokens: 16, gain: 1, activation: 'tanh', norm: 'none', residual: false };

const CASES: DepthSetup[] = [
  BASE,
  { ...BASE, activation: 'relu', gain: 1.4 },
  { ...BASE, activation: 'linear', gain: 1.5 },
  { ...BASE, norm: 'pre', gain: 0.5 },
  { ...BASE, norm: 'post', activation: 'relu', gain: 2 },
  { ...BASE, residual: true, norm: 'pre', gain: 0.8 },
  { ...BASE, residual: true, norm: 'post', activation: 'linear' },
  { ...BASE, activation: 'sigmoid', gain: 1.5 },
  { ...BASE, activation: 'gelu', gain: 1.2, norm: 'pre', residual: true },
];

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('depth probe vs Float64 reference (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  for (const setup of CASES) {
    it(`matches: ${setup.activation}, gain ${setup.gain}, norm ${setup.norm}, residual ${setup.residual}`, async () => {
      const before = tf.memory().numTensors;
      const sampleLayers = histogramLayers(setup.depth);
      const probe = await runDepthProbe({ ...setup, sampleLayers });
      expect(tf.memory().numTensors).toBe(before);
      const reference = depthReference(setup);
      expect(probe.samples.map((sample) => sample.layer)).toEqual(sampleLayers);
      let worstValue = 0;
      let moved = 0;
      for (const sample of probe.samples) {
        const expected = reference.outputs[sample.layer - 1];
        const std = reference.std[sample.layer - 1];
        sample.values.forEach((v, i) => (worstValue = Math.max(worstValue, Math.abs(v - expected[i]) / std)));
        const halfWidth = sharedHalfWidth([sample.values, expected]);
        const shown = histogram(sample.values, halfWidth, BINS);
        const exact = histogram(expected, halfWidth, BINS);
        expect(shown.total).toBe(exact.total);
        expect(shown.nonFinite).toBe(0);
        const difference = shown.counts.reduce((sum, count, b) => sum + Math.abs(count - exact.counts[b]), 0);
        expect(difference).toBeLessThanOrEqual(2 * valuesNearEdges(expected, halfWidth, BINS, 1e-4 * std));
        moved += difference / 2;
      }
      expect(worstValue).toBeLessThan(1e-4);
      let worstStd = 0;
      let worstGradient = 0;
      let worstFactor = 0;
      probe.layers.forEach((layer, l) => {
        expect(layer.std).not.toBeNull();
        worstStd = Math.max(worstStd, relative(layer.std!, reference.std[l]));
        expect(Math.abs(layer.mean! - reference.mean[l])).toBeLessThanOrEqual(1e-4 * (reference.std[l] + 1e-30));
        worstGradient = Math.max(worstGradient, relative(layer.gradientNorm!, reference.gradientNorm[l]));
        expect(Math.abs(layer.saturated! - reference.saturated[l])).toBeLessThanOrEqual(2 / (setup.tokens * setup.width));
        // The chain rule's factors: f′ by autodiff on the backend vs the formula in Float64; ‖W‖ of the same float32 numbers.
        worstFactor = Math.max(worstFactor, relative(layer.derivativeRms!, reference.derivativeRms[l]), relative(layer.weightGain, reference.weightGain[l]));
      });
      expect(worstFactor).toBeLessThanOrEqual(1e-4);
      expect(relative(probe.outputGradientNorm, reference.outputGradientNorm)).toBeLessThanOrEqual(1e-6);
      expect(worstStd).toBeLessThanOrEqual(1e-4);
      expect(worstGradient).toBeLessThanOrEqual(1e-3);
      console.log(`depth probe ${setup.activation}/${setup.norm}/${setup.gain}: max rel std ${worstStd.toExponential(2)}, grad ${worstGradient.toExponential(2)}, values ${worstValue.toExponential(2)} std, ${moved} values in another histogram bin`);
      expect(probe.overflowLayer).toBeNull();
    });
  }

  it('reports float32 overflow by layer instead of non-finite numbers', async () => {
    const probe = await runDepthProbe({ ...BASE, activation: 'linear', gain: 2, depth: 64, width: 64 });
    // Scale grows ≈ 2× per layer: 2^128 > 3.4e38 near layer 128 — so use more gain per layer.
    expect(probe.layers.every((layer) => layer.std === null || Number.isFinite(layer.std))).toBe(true);
    const big = await runDepthProbe({ ...BASE, activation: 'linear', gain: 16, depth: 40 });
    expect(big.overflowLayer).not.toBeNull();
    expect(big.layers[big.overflowLayer! - 1].std).toBeNull();
    expect(big.layers[big.overflowLayer! - 2].std).not.toBeNull();
  });
});

describe('depth reference: known behaviour', () => {
  it('linear, gain 1: the std stays about constant over 32 layers', () => {
    const stats = depthReference({ ...BASE, activation: 'linear', depth: 32, width: 128, tokens: 32 });
    for (const std of stats.std) expect(std / stats.inputStd).toBeGreaterThan(0.5), expect(std / stats.inputStd).toBeLessThan(2);
  });
  it('tanh, gain 0.5: the std collapses with depth', () => {
    const stats = depthReference({ ...BASE, gain: 0.5, depth: 16 });
    expect(stats.std[15]).toBeLessThan(1e-4 * stats.std[0]);
    expect(stats.gradientNorm[0]).toBeLessThan(1e-3 * stats.gradientNorm[15]);
  });
  it('the gradient: without normalisation layer 1 / layer L goes as gain^-L, with LayerNorm it stays near 1', () => {
    const ratio = (gain: number, norm: DepthSetup['norm']) => {
      const stats = depthReference({ ...BASE, activation: 'linear', gain, norm, depth: 16 });
      return stats.gradientNorm[0] / stats.gradientNorm[15];
    };
    expect(ratio(0.5, 'none')).toBeLessThan(1e-3);
    expect(ratio(2, 'none')).toBeGreaterThan(1e3);
    for (const gain of [0.5, 2]) {
      expect(ratio(gain, 'post')).toBeGreaterThan(0.1);
      expect(ratio(gain, 'post')).toBeLessThan(10);
    }
  });
  it('LayerNorm (after each layer) keeps every layer std ≈ 1', () => {
    for (const gain of [0.5, 2]) {
      const stats = depthReference({ ...BASE, gain, norm: 'post', depth: 16 });
      for (const std of stats.std) expect(Math.abs(std - 1)).toBeLessThan(1e-3);
    }
  });
  const FD_CASES = [
    { norm: 'none', activation: 'tanh' },
    { norm: 'pre', activation: 'tanh' },
    { norm: 'post', activation: 'tanh' },
    { norm: 'none', activation: 'sigmoid' },
    { norm: 'none', activation: 'gelu' },
    { norm: 'post', activation: 'gelu' },
  ] as const;
  for (const { norm, activation } of FD_CASES) {
    it(`hand-written backward pass agrees with central finite differences (${activation}, norm ${norm})`, () => {
      const setup: DepthSetup = { ...BASE, depth: 4, width: 8, tokens: 4, norm, activation, residual: norm === 'pre' };
      const base = depthReference(setup);
      const x0 = Float64Array.from(base.inputGradient.map((_, i) => Math.sin(i + 1)));
      const direction = x0.map((_, i) => Math.cos(3 * i));
      const epsilon = 1e-6;
      const at = (t: number) => depthReference(setup, x0.map((v, i) => v + t * direction[i]));
      const numeric = (at(epsilon).loss - at(-epsilon).loss) / (2 * epsilon);
      const analytic = at(0).inputGradient.reduce((sum, g, i) => sum + g * direction[i], 0);
      expect(Math.abs(numeric - analytic)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(analytic)));
    });
  }
});
