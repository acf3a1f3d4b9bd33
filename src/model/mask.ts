// Which keys each query may attend to, built in TF.js from the mask mode.

import { tf } from './tf';
import type { MaskMode } from './config';

/**
 * [n, n] of 1 (may attend) and 0 (masked).
 * causal: key j ≤ query i. padding: key j is not padding, for every query row; when the
 * input is all padding nothing is masked, since a row with no allowed key has no softmax.
 */
export function attentionMask(mode: MaskMode, isPadding: readonly boolean[]): tf.Tensor {
  const seqLen = isPadding.length;
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
