// The position lesson's check on the active TF.js backend (runs in the model worker): the
// sinusoidal PE table computed in float32 with tf ops, the relative-position map M_k applied
// to every row on the device, and PE·PEᵀ on the device, each compared with the Float64
// formula of src/reference/positionReference.ts.
//
// sin and cos are evaluated from + − × only (float32Trig.ts), because the devices' own
// sin/cos may be 2e-4 off (measured here on SwiftShader); that native error is reported too.

import { tf } from './tf';
import { whileWaiting } from './heldTensors';
import { EXACT_POSITION_LIMIT, sinCosOfAngles, splitFrequency } from './float32Trig';
import { frequencies, encodingTable, similarityByOffset } from '../reference/positionReference';

/** Largest table the probe accepts (S is then 1024², 4 MB to read back). */
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
  /** The same table from the device's own sin/cos of float32 pos·ω, for comparison: max |PE − PE_float64|. */
  nativeTableError: number;
  /** max |(PE·PEᵀ)_device − (PE·PEᵀ)_float64| over all n² entries (they reach d/2 on the diagonal). */
  similarityError: number;
}

function checkInput({ positions, dModel, base, offset }: PositionProbeInput): void {
  const whole = (value: number) => Number.isInteger(value) && value >= 0;
  if (!whole(positions) || positions < 1 || positions > POSITION_PROBE_MAX_POSITIONS) throw new Error(`positions must be 1…${POSITION_PROBE_MAX_POSITIONS}`);
  if (!whole(dModel) || dModel < 2 || dModel % 2 !== 0) throw new Error('d_model must be even');
  if (!(base > 1)) throw new Error('base must be above 1');
  if (!whole(offset) || offset >= EXACT_POSITION_LIMIT) throw new Error(`offset must be a whole number below ${EXACT_POSITION_LIMIT}`);
}

export async function runPositionProbe(input: PositionProbeInput): Promise<PositionProbeResult> {
  checkInput(input);
  const { positions: n, dModel: d, base, offset: k } = input;
  const half = d / 2;
  const split = Array.from(frequencies(d, base), splitFrequency);
  const pairs = n - k; // rows pos with pos + k still in the table

  const [table, nativeTable, similarity, rotationError] = tf.tidy(() => {
    const omegaHi = tf.tensor2d(split.map((s) => s.hi), [1, half]);
    const omegaLo = tf.tensor2d(split.map((s) => s.lo), [1, half]);
    const column = tf.reshape(tf.range(0, n, 1, 'float32'), [n, 1]);
    const { sin: sines, cos: cosines } = sinCosOfAngles(column, omegaHi, omegaLo);
    // Interleaved as in the formula: PE(pos, 2i) = sin, PE(pos, 2i+1) = cos.
    const interleave = (a: tf.Tensor, b: tf.Tensor) => tf.reshape(tf.stack([a, b], 2), [n, d]);
    const pe = interleave(sines, cosines);
    // The plain way, for comparison: float32 pos·ω into the device's sin and cos.
    const nativeAngles = tf.mul(column, tf.tensor2d(Array.from(frequencies(d, base)), [1, half]));
    const native = interleave(tf.sin(nativeAngles), tf.cos(nativeAngles));

    // M_k: one 2×2 rotation per frequency, by the angle k·ω_i, applied to every row at once.
    let worst = tf.scalar(NaN);
    if (pairs > 0) {
      const { sin: sinK, cos: cosK } = sinCosOfAngles(tf.tensor2d([k], [1, 1]), omegaHi, omegaLo);
      const sinFrom = tf.slice(sines, [0, 0], [pairs, half]);
      const cosFrom = tf.slice(cosines, [0, 0], [pairs, half]);
      const rotatedSin = tf.add(tf.mul(cosK, sinFrom), tf.mul(sinK, cosFrom));
      const rotatedCos = tf.sub(tf.mul(cosK, cosFrom), tf.mul(sinK, sinFrom));
      const sinError = tf.abs(tf.sub(rotatedSin, tf.slice(sines, [k, 0], [pairs, half])));
      const cosError = tf.abs(tf.sub(rotatedCos, tf.slice(cosines, [k, 0], [pairs, half])));
      worst = tf.max(tf.maximum(sinError, cosError));
    }
    return [pe, native, tf.matMul(pe, pe, false, true), worst];
  });

  try {
    const outputs = [table, nativeTable, similarity, rotationError];
    const [tableData, nativeData, similarityData, rotationData] = (await whileWaiting(outputs, () => Promise.all(outputs.map((tensor) => tensor.data())))) as Float32Array[];
    const reference = encodingTable(n, d, base);
    return {
      input: { ...input },
      backend: tf.getBackend(),
      rotationError: pairs > 0 ? rotationData[0] : null,
      tableError: maxDeviation(tableData, reference),
      nativeTableError: maxDeviation(nativeData, reference),
      similarityError: similarityDeviation(similarityData, similarityByOffset(n, d, base), n),
    };
  } finally {
    tf.dispose([table, nativeTable, similarity, rotationError]);
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
