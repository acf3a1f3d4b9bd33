// sin and cos of pos·ω in float32 from tf ops that every backend rounds correctly (+, −, ×),
// instead of tf.sin / tf.cos. Why: the WGSL and GLSL ES specs only ask sin/cos to be within
// 2^-11 ≈ 4.9e-4 on [−π, π], and the software GPU of our test machines (SwiftShader) is
// 1.9e-4 off there on WebGPU and WebGL alike. With + − × only, the result is the same
// float32 arithmetic on every backend, ≈ 2e-7 from the exact value.
//
// Steps (Cody–Waite reduction, then Taylor polynomials):
//   ω = ω_hi + ω_lo, ω_hi with 12 significant bits, so pos·ω_hi is exact for pos < 2^11;
//   m = round(pos·ω_hi / (π/2)) < 2^10 quarter turns, π/2 = q_hi + q_lo with q_hi of 14 bits,
//   so m·q_hi and pos·ω_hi − m·q_hi are exact too;
//   r = (pos·ω_hi − m·q_hi) − m·q_lo + pos·ω_lo, |r| ≤ π/4 + 0.25;
//   sin r, cos r by Taylor to r^11 / r^12 (remainder < 1e-8 for |r| < 1.05);
//   then sin(pos·ω) = sin(r + m·π/2) picks ±sin r or ±cos r by m mod 4.

import { tf } from './tf';

type Tensor = tf.Tensor;

const QUARTER = Math.PI / 2;
/** π/2 to 14 significant bits (a multiple of 2^-13), and the rest. */
const QUARTER_HI = Math.round(QUARTER * 2 ** 13) / 2 ** 13;
const QUARTER_LO = QUARTER - QUARTER_HI;
/** Positions (and offsets) must stay below this for pos·ω_hi and m·q_hi to be exact. */
export const EXACT_POSITION_LIMIT = 2 ** 11;

/** ω = hi + lo in float64, hi rounded to 12 significant bits. */
export function splitFrequency(omega: number): { hi: number; lo: number } {
  const scale = 2 ** (11 - Math.floor(Math.log2(omega)));
  const hi = Math.round(omega * scale) / scale;
  return { hi, lo: omega - hi };
}

/** Taylor coefficients of sin r / r and cos r in r², highest first (Horner). */
const SIN_COEFFICIENTS = [-1 / 39916800, 1 / 362880, -1 / 5040, 1 / 120, -1 / 6, 1];
const COS_COEFFICIENTS = [1 / 479001600, -1 / 3628800, 1 / 40320, -1 / 720, 1 / 24, -1 / 2, 1];

function horner(coefficients: number[], x: Tensor): Tensor {
  let sum: Tensor = tf.scalar(coefficients[0]);
  for (const coefficient of coefficients.slice(1)) sum = tf.add(tf.mul(sum, x), coefficient);
  return sum;
}

/**
 * sin and cos of pos·ω_i for a column of whole positions [len, 1] and the split
 * frequencies [1, d/2] each, as [len, d/2] tensors. Call inside tf.tidy.
 */
export function sinCosOfAngles(positions: Tensor, omegaHi: Tensor, omegaLo: Tensor): { sin: Tensor; cos: Tensor } {
  const whole = tf.mul(positions, omegaHi); // exact
  const turns = tf.round(tf.mul(whole, 1 / QUARTER));
  const rest = tf.sub(tf.sub(whole, tf.mul(turns, QUARTER_HI)), tf.mul(turns, QUARTER_LO));
  const r = tf.add(rest, tf.mul(positions, omegaLo));
  const r2 = tf.mul(r, r);
  const sinR = tf.mul(r, horner(SIN_COEFFICIENTS, r2));
  const cosR = horner(COS_COEFFICIENTS, r2);

  // sin(r + m·π/2) = sin r, cos r, −sin r, −cos r for m mod 4 = 0, 1, 2, 3; cos shifted by one.
  // m mod 4 by multiplying with 0.25 (exact), not tf.mod: GPU division may land just below a whole number.
  const quadrant = tf.sub(turns, tf.mul(tf.floor(tf.mul(turns, 0.25)), 4));
  const odd = tf.equal(tf.sub(quadrant, tf.mul(tf.floor(tf.mul(quadrant, 0.5)), 2)), 1);
  const sinNegative = tf.greaterEqual(quadrant, 2);
  const cosNegative = tf.logicalOr(tf.equal(quadrant, 1), tf.equal(quadrant, 2));
  const sin = tf.where(odd, cosR, sinR);
  const cos = tf.where(odd, sinR, cosR);
  return { sin: tf.where(sinNegative, tf.neg(sin), sin), cos: tf.where(cosNegative, tf.neg(cos), cos) };
}
