// The √d_k lesson's readouts: formatting that never shows NaN or Infinity, and the model's
// score statistics against the Float64 reference forward pass and the closed forms.
import { describe, expect, it } from 'vitest';
import { referenceForward } from '../reference/referenceTransformer';
import { entropy, meanAndVariance } from '../reference/scalingReference';
import { createWeights } from '../model/weights';
import { tokenize } from '../model/tokenizer';
import { DEFAULT_CONFIG, headWidth, type ModelConfig } from '../model/config';
import type { LayerTrace } from '../model/trace';
import { formatNumber, jacobianNormReadout, logitVarianceStandardError, modelScoreStats, texNumber, maxAbsolute } from './scalingReadouts';
import { normalSamples } from '../model/random';
import { histogram, logAxisFloor, normalDensity, onLogAxis, JACOBIAN_FLOOR } from '../charts/scalingCharts';

describe('formatting', () => {
  it('writes 4 significant digits, plain or exponential, and a dash for anything non-finite', () => {
    expect(formatNumber(1041.647)).toBe('1042');
    expect(formatNumber(1.01734)).toBe('1.017');
    expect(formatNumber(0.0605)).toBe('0.06050');
    expect(formatNumber(1.032e-5)).toBe('1.032e-5');
    expect(formatNumber(123456)).toBe('1.235e5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-2.5)).toBe('-2.500');
    for (const bad of [NaN, Infinity, -Infinity]) expect(formatNumber(bad)).toBe('—');
  });

  it('writes TeX numbers with ×10^', () => {
    expect(texNumber(1.032e-5)).toBe('1.032\\times10^{-5}');
    expect(texNumber(66.07)).toBe('66.07');
    expect(texNumber(NaN)).toBe('\\text{—}');
  });

  it('calls a Jacobian norm at or below 1e-30 (0 included) saturated, never −∞', () => {
    expect(jacobianNormReadout(0.306)).toEqual({ saturated: false, text: '0.306' });
    expect(jacobianNormReadout(1.03e-5)).toEqual({ saturated: false, text: '1.03e-5' });
    expect(jacobianNormReadout(1e-31)).toEqual({ saturated: true, text: '< 1e-30' });
    expect(jacobianNormReadout(0)).toEqual({ saturated: true, text: '< 1e-30' });
    expect(jacobianNormReadout(NaN).text).toBe('—');
  });

  it('maxAbsolute skips non-finite values', () => {
    expect(maxAbsolute([1, -7, NaN, Infinity, 3])).toBe(7);
  });
});

describe('sampling error of the measured variance', () => {
  it('matches the spread of the variance over many independent experiments', () => {
    // 600 experiments of S = 32 rows × m = 4 keys at d_k = 8, in plain float64.
    const [dK, samples, keys, experiments] = [8, 32, 4, 600];
    const variances: number[] = [];
    for (let experiment = 0; experiment < experiments; experiment++) {
      const q = normalSamples(1000 + experiment, samples * dK);
      const k = normalSamples(5000 + experiment, samples * keys * dK);
      const logits: number[] = [];
      for (let s = 0; s < samples; s++) {
        for (let j = 0; j < keys; j++) {
          let dot = 0;
          for (let i = 0; i < dK; i++) dot += q[s * dK + i] * k[(s * keys + j) * dK + i];
          logits.push(dot);
        }
      }
      variances.push(meanAndVariance(logits).variance);
    }
    const { mean, variance } = meanAndVariance(variances);
    expect(mean).toBeGreaterThan(dK * 0.97);
    expect(mean).toBeLessThan(dK * 1.03);
    // The standard deviation of a standard deviation from 600 draws is known to about ±3 %.
    expect(Math.sqrt(variance) / logitVarianceStandardError(dK, samples, keys)).toBeGreaterThan(0.88);
    expect(Math.sqrt(variance) / logitVarianceStandardError(dK, samples, keys)).toBeLessThan(1.12);
    expect(logitVarianceStandardError(dK, samples, keys, true)).toBeCloseTo(logitVarianceStandardError(dK, samples, keys) / dK, 15);
  });
});

describe('chart helpers', () => {
  it('puts values at or below the floor on the floor of a log axis', () => {
    expect(onLogAxis(0)).toBe(JACOBIAN_FLOOR);
    expect(onLogAxis(NaN)).toBe(JACOBIAN_FLOOR);
    expect(onLogAxis(1e-40)).toBe(JACOBIAN_FLOOR);
    expect(onLogAxis(0.3)).toBe(0.3);
    expect(logAxisFloor([0.3, 1.03e-5])).toBe(1e-6);
    expect(logAxisFloor([0.3, 0.2])).toBe(1e-2);
    expect(logAxisFloor([0.3, 0])).toBe(JACOBIAN_FLOOR);
    expect(logAxisFloor([0.3, 1e-35])).toBe(JACOBIAN_FLOOR);
  });

  it('bins into a density that integrates to 1, with out-of-range values in the end bins', () => {
    const values = [-10, -0.5, 0, 0.2, 0.7, 10, NaN];
    const bins = histogram(values, -1, 1, 4);
    expect(bins.map((bin) => bin.count)).toEqual([1, 1, 2, 2]);
    const area = bins.reduce((sum, bin) => sum + bin.density * (bin.x1 - bin.x0), 0);
    expect(area).toBeCloseTo(1, 12);
  });

  it('evaluates the normal density', () => {
    expect(normalDensity(0, 1)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
    expect(normalDensity(32, 1024)).toBeCloseTo(Math.exp(-0.5) / Math.sqrt(2 * Math.PI * 1024), 12);
  });
});

describe('model score statistics', () => {
  const cases: { name: string; text: string; config: Partial<ModelConfig>; customMask?: (n: number) => string }[] = [
    { name: 'default, no mask', text: '大模型是个潜力股', config: {} },
    { name: 'causal, unscaled, one wide head', text: 'attention', config: { mask: 'causal', scaleScores: false, numHeads: 1, seqLen: 9 } },
    { name: 'padding', text: '我爱学习', config: { mask: 'padding', seqLen: 8 } },
    {
      name: 'painted mask with an empty row',
      text: 'abcdef',
      config: { mask: 'custom', seqLen: 6 },
      customMask: (n) => Array.from({ length: n * n }, (_, index) => (Math.floor(index / n) === 2 || (index * 7) % 3 === 0 ? '0' : '1')).join(''),
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const config = { ...DEFAULT_CONFIG, ...testCase.config };
      const { tokens, isPadding } = tokenize(testCase.text, config.seqLen);
      const customMask = testCase.customMask?.(config.seqLen);
      const trace = referenceForward({ config, tokens, isPadding, customMask }, createWeights(config.seed, config.dModel, config.numLayers));
      const n = config.seqLen;
      const dK = headWidth(config);
      for (let layer = 0; layer < config.numLayers; layer++) {
        for (let head = 0; head < config.numHeads; head++) {
          const stats = modelScoreStats(trace.layers[layer] as LayerTrace, trace.mask.data, head, n, dK);
          const expected = expectedStats(trace.layers[layer], trace.mask.data, head, n);
          expect(stats.dK).toBe(dK);
          expect(stats.entries).toBe(expected.entries);
          expect(stats.rows).toBe(expected.rows);
          expect(stats.rawVariance).toBeCloseTo(expected.rawVariance, 9);
          expect(stats.scaledVariance).toBeCloseTo(expected.scaledVariance, 9);
          expect(stats.meanEntropy).toBeCloseTo(expected.meanEntropy, 12);
          expect(stats.meanMaxEntropy).toBeCloseTo(expected.meanMaxEntropy, 12);
          expect(stats.meanMaxWeight).toBeCloseTo(expected.meanMaxWeight, 12);
          if (config.scaleScores) expect(stats.scaledVariance * dK).toBeCloseTo(stats.rawVariance, 6);
          else expect(stats.scaledVariance).toBe(stats.rawVariance);
        }
      }
    });
  }

  it('never returns NaN, even from non-finite weights', () => {
    const tensor = (data: number[]) => ({ shape: [1, 2, 2], data: Float64Array.from(data) });
    const layer = {
      rawScores: tensor([1, NaN, 3, 4]),
      scaledScores: tensor([1, NaN, 3, 4]),
      attentionWeights: tensor([NaN, 1, 0.5, 0.5]),
    } as unknown as LayerTrace;
    const stats = modelScoreStats(layer, Float64Array.from([1, 1, 1, 1]), 0, 2, 4);
    for (const value of Object.values(stats)) expect(Number.isFinite(value)).toBe(true);
  });
});

/** The same statistics written out directly from the definitions (row by row, then averaged). */
function expectedStats(layer: LayerTrace, mask: ArrayLike<number>, head: number, n: number) {
  const raw: number[] = [];
  const scaled: number[] = [];
  const rowEntropies: number[] = [];
  const rowMaxEntropies: number[] = [];
  const rowMaxima: number[] = [];
  for (let i = 0; i < n; i++) {
    const allowed = Array.from({ length: n }, (_, j) => j).filter((j) => mask[i * n + j] === 1);
    if (allowed.length === 0) continue;
    const at = (j: number) => head * n * n + i * n + j;
    raw.push(...allowed.map((j) => layer.rawScores.data[at(j)]));
    scaled.push(...allowed.map((j) => layer.scaledScores.data[at(j)]));
    const weights = allowed.map((j) => layer.attentionWeights.data[at(j)]);
    rowEntropies.push(entropy(weights));
    rowMaxEntropies.push(Math.log(allowed.length));
    rowMaxima.push(Math.max(...weights));
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    entries: raw.length,
    rows: rowEntropies.length,
    rawVariance: meanAndVariance(raw).variance,
    scaledVariance: meanAndVariance(scaled).variance,
    meanEntropy: mean(rowEntropies),
    meanMaxEntropy: mean(rowMaxEntropies),
    meanMaxWeight: mean(rowMaxima),
  };
}
