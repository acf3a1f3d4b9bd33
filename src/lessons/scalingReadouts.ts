// Pure helpers of the √d_k lesson: the numbers it shows, formatted so that NaN or
// Infinity can never reach the screen, and the model's own score statistics from a trace.

import type { LayerTrace, NumberArray } from '../model/trace';
import type { ScalingProbeCase, ScalingProbeResult } from '../model/scalingProbe';
import { JACOBIAN_FLOOR } from '../charts/jacobianFloor';

/** The experiment's size: S query rows, each against m keys (one softmax row of width m). */
export const PROBE_SAMPLES = 256;
export const PROBE_KEYS = 16;

/** The case for one d_k and scaling, or undefined if it was not probed. */
export function findProbeCase(result: ScalingProbeResult, dK: number, scaled: boolean): ScalingProbeCase | undefined {
  return result.cases.find((entry) => entry.dK === dK && entry.scaled === scaled);
}

/**
 * Standard error of the measured variance of S·m logits qₛ·kₛⱼ (q, k standard normal, d_k
 * components), from the moments: Var(z²) = 2d_k² + 6d_k, and two logits of one row (same q)
 * have Cov(z², z'²) = 2d_k. For the scaled logits z/√d_k it is divided by d_k.
 */
export function logitVarianceStandardError(dK: number, samples: number, keys: number, scaled = false): number {
  const perLogit = 2 * dK * dK + 6 * dK;
  const withinRow = (keys - 1) * 2 * dK;
  const error = Math.sqrt((perLogit + withinRow) / (samples * keys));
  return scaled ? error / dK : error;
}

/** A number for the screen: 4 significant digits, plain where readable, else exponential. */
export function formatNumber(value: number, significant = 4): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) {
    const decimals = Math.max(0, significant - 1 - Math.floor(Math.log10(magnitude)));
    return value.toFixed(decimals);
  }
  return value.toExponential(significant - 1).replace('e+', 'e');
}

/** formatNumber as TeX: 1.03e-5 becomes 1.03 × 10⁻⁵ (\times10^{-5}). */
export function texNumber(value: number, significant = 4): string {
  const text = formatNumber(value, significant);
  if (text === '—') return '\\text{—}';
  const [mantissa, exponent] = text.split('e');
  return exponent === undefined ? mantissa : `${mantissa}\\times10^{${Number(exponent)}}`;
}

export type NormReadout = { saturated: false; text: string } | { saturated: true; text: string };

/**
 * A Jacobian norm as shown: its value, or, at or below the floor (0 when every entry
 * underflowed in float32), "saturated" with the floor it fell below.
 */
export function jacobianNormReadout(value: number): NormReadout {
  if (!Number.isFinite(value)) return { saturated: false, text: '—' };
  if (value <= JACOBIAN_FLOOR) return { saturated: true, text: `< ${formatNumber(JACOBIAN_FLOOR, 1)}` };
  return { saturated: false, text: formatNumber(value, 3) };
}

/** Largest |value| among the finite values (0 when none). */
export function maxAbsolute(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) max = Math.max(max, Math.abs(values[i]));
  return max;
}

export interface ModelScoreStats {
  /** d_k of the model's heads: d_model / h. */
  dK: number;
  /** Query–key pairs that may attend (the unmasked entries). */
  entries: number;
  /** Query rows with at least one key to attend to. */
  rows: number;
  /** Population variance of QKᵀ over the unmasked entries. */
  rawVariance: number;
  /** The same for the scores the softmax sees (QKᵀ/√d_k, or QKᵀ when scaling is off). */
  scaledVariance: number;
  /** Mean over rows of −Σ p ln p. */
  meanEntropy: number;
  /** Mean over rows of ln(number of keys the row may attend to): the entropy of a uniform row. */
  meanMaxEntropy: number;
  meanMaxWeight: number;
}

/** Score statistics of one head of one layer of a forward pass, over the entries the mask allows. */
export function modelScoreStats(layer: LayerTrace, mask: NumberArray, head: number, seqLen: number, dK: number): ModelScoreStats {
  const offset = head * seqLen * seqLen;
  const raw: number[] = [];
  const scaled: number[] = [];
  let rows = 0;
  let entropySum = 0;
  let maxEntropySum = 0;
  let maxWeightSum = 0;
  for (let i = 0; i < seqLen; i++) {
    let allowed = 0;
    let rowEntropy = 0;
    let rowMax = 0;
    for (let j = 0; j < seqLen; j++) {
      if (mask[i * seqLen + j] !== 1) continue;
      allowed++;
      const index = offset + i * seqLen + j;
      raw.push(layer.rawScores.data[index]);
      scaled.push(layer.scaledScores.data[index]);
      const weight = layer.attentionWeights.data[index];
      if (!Number.isFinite(weight)) continue;
      if (weight > 0) rowEntropy -= weight * Math.log(weight); // 0 · ln 0 = 0
      rowMax = Math.max(rowMax, weight);
    }
    if (allowed === 0) continue;
    rows++;
    entropySum += rowEntropy;
    maxEntropySum += Math.log(allowed);
    maxWeightSum += rowMax;
  }
  return {
    dK,
    entries: raw.length,
    rows,
    rawVariance: populationVariance(raw),
    scaledVariance: populationVariance(scaled),
    meanEntropy: rows > 0 ? entropySum / rows : 0,
    meanMaxEntropy: rows > 0 ? maxEntropySum / rows : 0,
    meanMaxWeight: rows > 0 ? maxWeightSum / rows : 0,
  };
}

function populationVariance(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return 0;
  const mean = finite.reduce((sum, value) => sum + value, 0) / finite.length;
  return finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / finite.length;
}
