// The position lesson's check on the active TF.js backend (runs in the model worker): the
// sinusoidal PE table computed in float32 with tf ops, the relative-position map M_k applied
// to every row on the device, and PE·PEᵀ on the device, each compared with the Float64
// formula of src/reference/positionReference.ts.
//
// Why the angle is reduced modulo 2π before sin/cos: float32 cannot hold pos·ω near 1000
// closer than half a unit in the last place, 3e-5 rad, and GPU sin/cos lose accuracy as
// their argument grows (the model uploads its PE from the host for that reason, layers.ts).
// So pos·ω is formed in exact steps and brought into [−π, π] first (Cody–Waite reduction):
//   ω = ω_hi + ω_lo, ω_hi with 12 significant bits, so pos·ω_hi is exact for pos < 2^11;
//   m = round(pos·ω_hi / 2π) ≤ 163, and 2π = 2π_hi + 2π_lo with 2π_hi of 16 bits, so
//   m·2π_hi and pos·ω_hi − m·2π_hi are exact too;
//   angle = (pos·ω_hi − m·2π_hi) − m·2π_lo + pos·ω_lo, off by ≈ 2e-7 rad at most.

import { tf } from './tf';
import { frequencies, encodingTable, similarityByOffset } from '../reference/positionReference';

/** Largest table the probe accepts: keeps pos·ω_hi exact (pos < 2^11) and S at 1024². */
export const POSITION_PROBE_MAX_POSITIONS = 1024;

export interface PositionProbeInput {
  positions: number;
  dModel: number;
  base: number;
  /** k of M_k. */
  offset: number;
}

export interface PositionProbeResult {
  input: PositionProbeInput;
  /** The TF.js backend that computed it. */
  backend: string;
  /** max |M_k·PE(pos) − PE(pos+k)| over pos = 0 … n−1−k and every dimension, all on the device; null when k ≥ n. */
  rotationError: number | null;
  /** max |PE_device − PE_float64| over the whole table. */
  tableError: number;
  /** max |(PE·PEᵀ)_device − (PE·PEᵀ)_float64| over all n² entries (they reach d/2 on the diagonal). */
  similarityError: number;
}

const TWO_PI = 2 * Math.PI;
/** 2π to 16 significant bits (a multiple of 2^-13), and the rest. */
const TWO_PI_HI = Math.round(TWO_PI * 2 ** 13) / 2 ** 13;
const TWO_PI_LO = TWO_PI - TWO_PI_HI;

/** ω = hi + lo in float64, hi rounded to 12 significant bits. */
export function splitFrequency(omega: number): { hi: number; lo: number } {
  const scale = 2 ** (11 - Math.floor(Math.log2(omega)));
  const hi = Math.round(omega * scale) / scale;
  return { hi, lo: omega - hi };
}

/** pos·ω_i reduced to about [−π, π], for a column of integer positions [len, 1] → [len, d/2]. */
function reducedAngles(positions: tf.Tensor2D, omegaHi: tf.Tensor2D, omegaLo: tf.Tensor2D): tf.Tensor2D {
  const whole = tf.mul(positions, omegaHi); // exact
  const turns = tf.round(tf.mul(whole, 1 / TWO_PI));
  const rest = tf.sub(tf.sub(whole, tf.mul(turns, TWO_PI_HI)), tf.mul(turns, TWO_PI_LO));
  return tf.add(rest, tf.mul(positions, omegaLo));
}

function checkInput({ positions, dModel, base, offset }: PositionProbeInput): void {
  const whole = (value: number) => Number.isInteger(value) && value >= 0;
  if (!whole(positions) || positions < 1 || positions > POSITION_PROBE_MAX_POSITIONS) throw new Error(`positions must be 1…${POSITION_PROBE_MAX_POSITIONS}`);
  if (!whole(dModel) || dModel < 2 || dModel % 2 !== 0) throw new Error('d_model must be even');
  if (!(base > 1)) throw new Error('base must be above 1');
  if (!whole(offset) || offset >= 2 ** 11) throw new Error('offset must be a whole number below 2048');
}

export async function runPositionProbe(input: PositionProbeInput): Promise<PositionProbeResult> {
  checkInput(input);
  const { positions: n, dModel: d, base, offset: k } = input;
  const half = d / 2;
  const split = Array.from(frequencies(d, base), splitFrequency);
  const pairs = n - k; // rows pos with pos + k still in the table

  const [table, similarity, rotationError] = tf.tidy(() => {
    const omegaHi = tf.tensor2d(split.map((s) => s.hi), [1, half]);
    const omegaLo = tf.tensor2d(split.map((s) => s.lo), [1, half]);
    const angles = reducedAngles(tf.reshape(tf.range(0, n, 1, 'float32'), [n, 1]), omegaHi, omegaLo);
    const sines = tf.sin(angles);
    const cosines = tf.cos(angles);
    // Interleaved as in the formula: PE(pos, 2i) = sin, PE(pos, 2i+1) = cos.
    const pe = tf.reshape(tf.stack([sines, cosines], 2), [n, d]);

    // M_k: one 2×2 rotation per frequency, by the angle k·ω_i, applied to every row at once.
    let worst = tf.scalar(NaN);
    if (pairs > 0) {
      const kAngles = reducedAngles(tf.tensor2d([k], [1, 1]), omegaHi, omegaLo);
      const cosK = tf.cos(kAngles);
      const sinK = tf.sin(kAngles);
      const sinFrom = tf.slice(sines, [0, 0], [pairs, half]);
      const cosFrom = tf.slice(cosines, [0, 0], [pairs, half]);
      const rotatedSin = tf.add(tf.mul(cosK, sinFrom), tf.mul(sinK, cosFrom));
      const rotatedCos = tf.sub(tf.mul(cosK, cosFrom), tf.mul(sinK, sinFrom));
      const sinError = tf.abs(tf.sub(rotatedSin, tf.slice(sines, [k, 0], [pairs, half])));
      const cosError = tf.abs(tf.sub(rotatedCos, tf.slice(cosines, [k, 0], [pairs, half])));
      worst = tf.max(tf.maximum(sinError, cosError));
    }
    return [pe, tf.matMul(pe, pe, false, true), worst];
  });

  try {
    const [tableData, similarityData, rotationData] = (await Promise.all([table.data(), similarity.data(), rotationError.data()])) as Float32Array[];
    return {
      input: { ...input },
      backend: tf.getBackend(),
      rotationError: pairs > 0 ? rotationData[0] : null,
      tableError: maxDeviation(tableData, encodingTable(n, d, base)),
      similarityError: similarityDeviation(similarityData, similarityByOffset(n, d, base), n),
    };
  } finally {
    tf.dispose([table, similarity, rotationError]);
  }
}

function maxDeviation(device: Float32Array, reference: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(device[i] - reference[i]));
  return worst;
}

/** S[a, b] against the Float64 value for offset |a − b|. */
function similarityDeviation(device: Float32Array, byOffset: Float64Array, n: number): number {
  let worst = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) worst = Math.max(worst, Math.abs(device[a * n + b] - byOffset[Math.abs(a - b)]));
  }
  return worst;
}
