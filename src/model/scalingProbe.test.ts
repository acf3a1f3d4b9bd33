// The √d_k probe (TF.js, CPU backend, in Node) against the independent Float64 closed
// forms in src/reference/scalingReference.ts, on the same seeded samples.
//
// Error measure and tolerances (float32 on the backend vs float64 here):
//   logits, weights, entropy, max weight, variance: |probe − ref| ≤ 1e-5 · (1 + |ref|)
//   Jacobian norm per row:                        |probe − ref| ≤ 1e-5 · ref + 2⁻²²
// The Jacobian's absolute term is float32's resolution near 1: where the softmax saturates,
// the diagonal entry pᵢ(1 − pᵢ) comes from pᵢ − pᵢ·pᵢ with pᵢ ≈ 1, and float32 keeps
// 1 − pᵢ only to about 2⁻²⁴. The rest of the Jacobian stays accurate to 1e-5 relative.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { probeSamples, PROBE_WIDTH, runScalingProbe, softmaxJacobians, softmaxRows, type ScalingProbeResult } from './scalingProbe';
import { findProbeCase, logitVarianceStandardError } from '../lessons/scalingReadouts';
import { PROBE_DK_CHOICES } from '../state/lessons';
import {
  dotProduct,
  entropy,
  finiteDifferenceJacobian,
  frobeniusNorm,
  meanAndVariance,
  softmax,
  softmaxJacobian,
  softmaxJacobianNorm,
} from '../reference/scalingReference';

const SEED = 42;
const SAMPLES = 256;
const KEYS = 16;
const RELATIVE = 1e-5;
const JACOBIAN_ABSOLUTE = 2 ** -22;

const relativeError = (value: number, reference: number) => Math.abs(value - reference) / (1 + Math.abs(reference));

describe('√d_k probe vs Float64 closed forms (cpu backend)', () => {
  let result: ScalingProbeResult;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    result = await runScalingProbe({ seed: SEED, samples: SAMPLES, keys: KEYS, dkChoices: PROBE_DK_CHOICES });
  });

  it('probes every d_k, unscaled and scaled, on the backend in use', () => {
    expect(result.backend).toBe('cpu');
    expect(result.cases.map((entry) => `${entry.dK}${entry.scaled ? 's' : 'u'}`)).toEqual(
      PROBE_DK_CHOICES.flatMap((dK) => [`${dK}u`, `${dK}s`]),
    );
    expect(result.elapsedMs).toBeGreaterThan(0);
  });

  it('every readout matches the reference on the same samples', () => {
    const { queries, keyVectors } = probeSamples(SEED, SAMPLES, KEYS);
    const worst = { logit: 0, weight: 0, entropy: 0, maxWeight: 0, variance: 0, jacobian: 0 };
    for (const probe of result.cases) {
      const scale = probe.scaled ? 1 / Math.sqrt(probe.dK) : 1;
      const allLogits = new Float64Array(SAMPLES * KEYS);
      for (let row = 0; row < SAMPLES; row++) {
        const logits = new Float64Array(KEYS);
        for (let key = 0; key < KEYS; key++) {
          logits[key] = scale * dotProduct(queries, keyVectors, probe.dK, row * PROBE_WIDTH, (row * KEYS + key) * PROBE_WIDTH);
          allLogits[row * KEYS + key] = logits[key];
          worst.logit = Math.max(worst.logit, relativeError(probe.logits[row * KEYS + key], logits[key]));
        }
        const weights = softmax(logits);
        for (let key = 0; key < KEYS; key++) {
          worst.weight = Math.max(worst.weight, relativeError(probe.weights[row * KEYS + key], weights[key]));
        }
        worst.entropy = Math.max(worst.entropy, relativeError(probe.rowEntropy[row], entropy(weights)));
        worst.maxWeight = Math.max(worst.maxWeight, relativeError(probe.rowMaxWeight[row], Math.max(...weights)));
        const norm = softmaxJacobianNorm(weights);
        const excess = Math.abs(probe.rowJacobianNorm[row] - norm) - RELATIVE * norm;
        worst.jacobian = Math.max(worst.jacobian, excess);
      }
      const { variance } = meanAndVariance(allLogits);
      worst.variance = Math.max(worst.variance, relativeError(probe.logitVariance, variance));
    }
    expect(worst.logit).toBeLessThanOrEqual(RELATIVE);
    expect(worst.weight).toBeLessThanOrEqual(RELATIVE);
    expect(worst.entropy).toBeLessThanOrEqual(RELATIVE);
    expect(worst.maxWeight).toBeLessThanOrEqual(RELATIVE);
    expect(worst.variance).toBeLessThanOrEqual(RELATIVE);
    expect(worst.jacobian).toBeLessThanOrEqual(JACOBIAN_ABSOLUTE);
  });

  it('summaries are the means and medians of the per-row readouts', () => {
    for (const probe of result.cases) {
      const mean = (values: ArrayLike<number>) => Array.from(values).reduce((sum, value) => sum + value, 0) / values.length;
      expect(probe.meanEntropy).toBeCloseTo(mean(probe.rowEntropy), 12);
      expect(probe.meanMaxWeight).toBeCloseTo(mean(probe.rowMaxWeight), 12);
      expect(probe.meanJacobianNorm).toBeCloseTo(mean(probe.rowJacobianNorm), 12);
      const sorted = Array.from(probe.rowJacobianNorm).sort((a, b) => a - b);
      expect(probe.medianJacobianNorm).toBe((sorted[SAMPLES / 2 - 1] + sorted[SAMPLES / 2]) / 2);
      expect(probe.oneHotRows).toBe(Array.from(probe.rowMaxWeight).filter((max) => max === 1).length);
      expect(probe.zeroJacobianRows).toBe(Array.from(probe.rowJacobianNorm).filter((norm) => norm === 0).length);
    }
  });

  it('the autodiff Jacobian equals diag(p) − ppᵀ and central finite differences, entry by entry', () => {
    // Rows from every regime: flat (d_k 2, scaled), peaked, and saturated (d_k 1024, unscaled).
    const probes = [findProbeCase(result, 2, true)!, findProbeCase(result, 64, false)!, findProbeCase(result, 1024, false)!];
    const rows = [0, 1, 2, 3, 100, 255];
    const logits = probes.flatMap((probe) => rows.flatMap((row) => Array.from(probe.logits.subarray(row * KEYS, (row + 1) * KEYS))));
    const count = probes.length * rows.length;
    const [jacobians, weights] = tf.tidy(() => {
      const z = tf.tensor2d(logits, [count, KEYS]);
      return [softmaxJacobians(z), softmaxRows(z, tf.max(z, 1, true) as tf.Tensor2D)];
    });
    const jacobianData = jacobians.dataSync();
    const weightData = weights.dataSync();
    tf.dispose([jacobians, weights]);
    let worstClosedForm = 0;
    let worstFiniteDifference = 0;
    for (let b = 0; b < count; b++) {
      const autodiff = jacobianData.subarray(b * KEYS * KEYS, (b + 1) * KEYS * KEYS);
      const rowLogits = logits.slice(b * KEYS, (b + 1) * KEYS);
      // The closed form on the very p the backend computed: only the backward pass differs.
      const closedForm = softmaxJacobian(weightData.subarray(b * KEYS, (b + 1) * KEYS));
      const differences = finiteDifferenceJacobian(rowLogits, 1e-6);
      for (let i = 0; i < KEYS * KEYS; i++) {
        worstClosedForm = Math.max(worstClosedForm, Math.abs(autodiff[i] - closedForm[i]));
        worstFiniteDifference = Math.max(worstFiniteDifference, Math.abs(autodiff[i] - differences[i]));
      }
      expect(frobeniusNorm(autodiff)).toBeCloseTo(frobeniusNorm(closedForm), 6);
    }
    // Entries are at most 1/4; float32 rounding of p (≈ 2⁻²⁴ near 1) bounds the difference.
    expect(worstClosedForm).toBeLessThanOrEqual(1e-7);
    expect(worstFiniteDifference).toBeLessThanOrEqual(1e-6);
  });

  it('logit variance: ≈ d_k unscaled and ≈ 1 scaled, within 4 standard errors', () => {
    for (const dK of PROBE_DK_CHOICES) {
      const unscaled = findProbeCase(result, dK, false)!;
      const scaled = findProbeCase(result, dK, true)!;
      expect(Math.abs(unscaled.logitVariance - dK), `d_k ${dK} unscaled`).toBeLessThanOrEqual(4 * logitVarianceStandardError(dK, SAMPLES, KEYS));
      expect(Math.abs(scaled.logitVariance - 1), `d_k ${dK} scaled`).toBeLessThanOrEqual(4 * logitVarianceStandardError(dK, SAMPLES, KEYS, true));
      // Scaling divides every logit by √d_k, so the variance by d_k (to float32 rounding).
      expect(scaled.logitVariance * dK).toBeCloseTo(unscaled.logitVariance, Math.max(0, 3 - Math.log10(dK)));
    }
  });

  it('unscaled, the softmax saturates and its Jacobian collapses as d_k grows; scaled, nothing changes', () => {
    const unscaled = PROBE_DK_CHOICES.map((dK) => findProbeCase(result, dK, false)!);
    const scaled = PROBE_DK_CHOICES.map((dK) => findProbeCase(result, dK, true)!);
    // From d_k = 16 on (σ of the logits = 4, beyond the softmax's soft range) every step down.
    const from16 = unscaled.filter((probe) => probe.dK >= 16);
    for (let i = 1; i < from16.length; i++) {
      expect(from16[i].meanJacobianNorm, `mean at d_k ${from16[i].dK}`).toBeLessThan(from16[i - 1].meanJacobianNorm);
      expect(from16[i].medianJacobianNorm, `median at d_k ${from16[i].dK}`).toBeLessThan(from16[i - 1].medianJacobianNorm);
      expect(from16[i].meanEntropy).toBeLessThan(from16[i - 1].meanEntropy);
      expect(from16[i].meanMaxWeight).toBeGreaterThan(from16[i - 1].meanMaxWeight);
    }
    const last = unscaled[unscaled.length - 1];
    const lastScaled = scaled[scaled.length - 1];
    expect(last.medianJacobianNorm).toBeLessThan(1e-3 * lastScaled.medianJacobianNorm);
    expect(last.meanMaxWeight).toBeGreaterThan(0.9);
    expect(last.oneHotRows).toBeGreaterThan(SAMPLES / 10);
    // Scaled: the same softmax at every d_k (entropy near ln 16 minus a little, norm ≈ 0.3).
    for (const probe of scaled) {
      expect(probe.meanJacobianNorm).toBeGreaterThan(0.25);
      expect(probe.meanJacobianNorm).toBeLessThan(0.35);
      expect(probe.meanEntropy).toBeGreaterThan(2.2);
      expect(probe.oneHotRows).toBe(0);
    }
  });

  it('no NaN or Infinity anywhere, even at d_k = 1024 unscaled', () => {
    expect(result.nonFiniteCount).toBe(0);
    for (const probe of result.cases) {
      for (const array of [probe.logits, probe.weights, probe.rowEntropy, probe.rowMaxWeight, probe.rowJacobianNorm]) {
        expect(array.every((value) => Number.isFinite(value))).toBe(true);
      }
      for (const value of [probe.logitVariance, probe.meanEntropy, probe.meanMaxWeight, probe.meanJacobianNorm, probe.medianJacobianNorm]) {
        expect(Number.isFinite(value)).toBe(true);
      }
    }
  });

  it('a fully saturated row gives an exact 0 Jacobian and entropy, never NaN', () => {
    const [jacobian, weights] = tf.tidy(() => {
      const z = tf.tensor2d([[0, -200, -400, -1e4], [500, 0, 0, 0]]);
      return [softmaxJacobians(z), softmaxRows(z, tf.max(z, 1, true) as tf.Tensor2D)];
    });
    const jacobianData = Array.from(jacobian.dataSync());
    const weightData = Array.from(weights.dataSync());
    tf.dispose([jacobian, weights]);
    expect(weightData).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
    expect(jacobianData.every((value) => value === 0)).toBe(true);
    expect(entropy(weightData.slice(0, 4))).toBe(0);
  });

  it('creates no tensors that outlive a probe, and is deterministic per seed', async () => {
    const before = tf.memory().numTensors;
    const again = await runScalingProbe({ seed: SEED, samples: 32, keys: 8, dkChoices: [4, 256] });
    const other = await runScalingProbe({ seed: SEED + 1, samples: 32, keys: 8, dkChoices: [4, 256] });
    const same = await runScalingProbe({ seed: SEED, samples: 32, keys: 8, dkChoices: [4, 256] });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(same.cases[0].logits)).toEqual(Array.from(again.cases[0].logits));
    expect(Array.from(other.cases[0].logits)).not.toEqual(Array.from(again.cases[0].logits));
  });

  it('rejects inputs outside its ranges', async () => {
    await expect(runScalingProbe({ seed: 1, samples: 4, keys: 4, dkChoices: [2048] })).rejects.toThrow(/d_k/);
    await expect(runScalingProbe({ seed: 1, samples: 0, keys: 4, dkChoices: [2] })).rejects.toThrow(/samples/);
    await expect(runScalingProbe({ seed: 1, samples: 4, keys: 1, dkChoices: [2] })).rejects.toThrow(/keys/);
  });
});
