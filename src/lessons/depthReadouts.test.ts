import { describe, expect, it } from 'vitest';
import { chainFactors, chainRows, formatValue, growthPerLayer, trainingCheck, typicalFactor } from './depthReadouts';
import { depthReference, type DepthSetup } from '../reference/depthReference';

describe('depth readouts', () => {
  it('the training check takes the worst relative difference of both runs’ first two losses', () => {
    const reference = { residual: { loss0: 2, loss1: 1 }, plain: { loss0: 1, loss1: 1 } };
    const check = trainingCheck({ residual: [2.002, 1, 0.5], plain: [1, 1.0005, 0.9] }, reference, 1e-3);
    expect(check.worst).toBeCloseTo(1e-3, 12);
    expect(trainingCheck({ residual: [2, 1.01], plain: [1, 1] }, reference, 1e-3)).toEqual({ worst: expect.closeTo(0.01, 12), ok: false });
    expect(trainingCheck({ residual: [2, null], plain: [1, 1] }, reference, 1e-3)).toEqual({ worst: null, ok: false });
  });
  it('growth per layer is the L-th root of the std ratio', () => {
    expect(growthPerLayer(2, [4, 8, 16])).toBeCloseTo(2, 12);
    expect(growthPerLayer(1, [0.5, null])).toBeNull();
    expect(growthPerLayer(1, [0])).toBeNull();
  });
  it('formats without NaN or Infinity text', () => {
    expect(formatValue(null, 'overflow')).toBe('overflow');
    expect(formatValue(Number.POSITIVE_INFINITY, 'overflow')).toBe('overflow');
    expect(formatValue(1.23456, 'x')).toBe('1.23');
    expect(formatValue(1.5e-7, 'x')).toBe('1.50e-7');
    expect(formatValue(0, 'x')).toBe('0');
  });

  it('chain rows: first, middle and last layer, without repeats', () => {
    expect(chainRows(1)).toEqual([1]);
    expect(chainRows(2)).toEqual([1, 2]);
    expect(chainRows(16)).toEqual([1, 8, 16]);
    expect(chainRows(64)).toEqual([1, 32, 64]);
  });
});

describe('chain-rule factors (Float64 reference)', () => {
  const setup: DepthSetup = { seed: 3, depth: 10, width: 64, tokens: 16, gain: 1, activation: 'tanh', norm: 'none', residual: false };
  const factorsOf = (change: Partial<DepthSetup>) => {
    const stats = depthReference({ ...setup, ...change });
    const layers = stats.gradientNorm.map((gradientNorm, l) => ({ gradientNorm, derivativeRms: stats.derivativeRms[l], weightGain: stats.weightGain[l] }));
    return { stats, factors: chainFactors({ layers, outputGradientNorm: stats.outputGradientNorm }) };
  };

  it('the measured factors multiply to ‖∂loss/∂x_0‖ / ‖∂loss/∂x_L‖', () => {
    for (const activation of ['tanh', 'sigmoid', 'relu', 'gelu', 'linear'] as const) {
      const { stats, factors } = factorsOf({ activation, residual: activation === 'relu', norm: activation === 'gelu' ? 'post' : 'none' });
      const product = factors.reduce((p, f) => p * f.measured!, 1);
      expect(product / (stats.gradientNorm[0] / stats.outputGradientNorm)).toBeCloseTo(1, 10);
      expect(typicalFactor(factors)! ** factors.length / product).toBeCloseTo(1, 8);
    }
  });

  it('without LayerNorm or residual, f′ × W gain predicts the measured factor (within 25 % at d = 64)', () => {
    for (const [activation, gain] of [['tanh', 1], ['sigmoid', 1], ['linear', 0.7], ['gelu', 1.4]] as const) {
      const { factors } = factorsOf({ activation, gain });
      for (const factor of factors) {
        expect(Math.abs(factor.predicted! / factor.measured! - 1), `${activation} layer ${factor.layer}`).toBeLessThan(0.25);
      }
    }
  });

  it('the weight gain is ≈ the gain setting, and sigmoid’s slope is at most ¼: the gradient vanishes', () => {
    const { stats, factors } = factorsOf({ activation: 'sigmoid', gain: 1.5 });
    for (const weight of stats.weightGain) expect(Math.abs(weight / 1.5 - 1)).toBeLessThan(0.1);
    for (const derivative of stats.derivativeRms) expect(derivative).toBeLessThanOrEqual(0.25);
    expect(typicalFactor(factors)!).toBeLessThan(0.5);
  });

  it('a missing gradient makes no factor, and no typical factor', () => {
    const factors = chainFactors({ layers: [{ derivativeRms: 0.5, weightGain: 1, gradientNorm: null }, { derivativeRms: null, weightGain: 1, gradientNorm: 2 }], outputGradientNorm: 1 });
    expect(factors.map((f) => f.measured)).toEqual([null, 2]);
    expect(factors.map((f) => f.predicted)).toEqual([0.5, null]);
    expect(typicalFactor(factors)).toBeNull();
  });
});
