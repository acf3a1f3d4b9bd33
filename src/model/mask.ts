// Which keys each query may attend to, built in TF.js from the mask mode.

import { tf } from './tf';
import type { MaskMode } from './config';

/**
 * [n, n] of 1 (may attend) and 0 (masked).
 * causal: key j ≤ query i. padding: key j is not padding, for every query row; when the
 * input is all padding nothing is masked, since a row with no allowed key has no softmax.
 * custom: the painted mask, where a row may be entirely masked (its weights become 0).
 */
export function attentionMask(mode: MaskMode, isPadding: readonly boolean[], customMask?: string): tf.Tensor {
  const seqLen = isPadding.length;
  if (mode === 'custom') {
    if (customMask === undefined || customMask.length !== seqLen * seqLen || /[^01]/.test(customMask)) {
      throw new Error(`a painted mask needs ${seqLen} × ${seqLen} cells of 0 or 1`);
    }
    return tf.tensor2d(Array.from(customMask, (cell) => (cell === '1' ? 1 : 0)), [seqLen, seqLen]);
  }
  if (mode === 'causal') {
    const queryIndex = tf.reshape(tf.range(0, seqLen, 1, 'int32'), [seqLen, 1]);
    const keyIndex = tf.reshape(tf.range(0, seqLen, 1, 'int32'), [1, seqLen]);
    return tf.cast(tf.lessEqual(keyIndex, queryIndex), 'float32');
  }
  if (mode === 'padding' && isPadding.some((padding) => !padding)) {
    const keyIsReal = tf.tensor2d(isPadding.map((padding) => (padding ? 0 : 1)), [1, seqLen]);
    return tf.mul(tf.ones([seqLen, seqLen]), keyIsReal);
  }
  return tf.ones([seqLen, seqLen]);
}
