// The norms lesson's computation on the active TF.js backend (runs in the model worker).
// Activations = token embeddings (embedTokens) + the model's positional encoding, stacked
// into [B, n, d]; BatchNorm statistics per channel over batch × positions (padding
// optionally left out, via a 0/1 weight per token), LayerNorm statistics per token over
// channels; both outputs (gain 1, bias 0, ε = LAYER_NORM_EPSILON). Plain typed arrays back.

import { tf } from './tf';
import { LAYER_NORM_EPSILON } from './config';
import { positionalEncoding } from './layers';
import { embedTokens } from './weights';

export interface NormsProbeInput {
  seed: number;
  dModel: number;
  positional: boolean;
  /** One token list per sentence, all padded to the same length. */
  sentences: string[][];
  /** [B][n]: true where padding. */
  isPadding: boolean[][];
  excludePadding: boolean;
}

export interface NormsProbeResult {
  batch: number;
  positions: number;
  dModel: number;
  /** [B, n, d] */
  activations: Float32Array;
  /** [d] */
  batchMean: Float32Array;
  batchVariance: Float32Array;
  /** [B·n] */
  layerMean: Float32Array;
  layerVariance: Float32Array;
  /** [B, n, d] */
  batchOutput: Float32Array;
  layerOutput: Float32Array;
}

export async function runNormsProbe(input: NormsProbeInput): Promise<NormsProbeResult> {
  const batch = input.sentences.length;
  const positions = input.sentences[0]?.length ?? 0;
  const d = input.dModel;
  const host = new Float32Array(batch * positions * d);
  input.sentences.forEach((tokens, b) => host.set(embedTokens(tokens, input.seed, d), b * positions * d));
  const weightsHost = new Float32Array(batch * positions);
  input.isPadding.flat().forEach((padding, i) => (weightsHost[i] = input.excludePadding && padding ? 0 : 1));

  const outputs = tf.tidy(() => {
    const embeddings = tf.tensor3d(host, [batch, positions, d]);
    const pe = input.positional ? positionalEncoding(positions, d) : tf.zeros([positions, d]);
    const x = tf.reshape(tf.add(embeddings, pe), [batch * positions, d]);
    // BatchNorm: weighted mean over the token axis (weight 0 = left out).
    const w = tf.tensor2d(weightsHost, [batch * positions, 1]);
    const count = tf.maximum(tf.sum(w), 1);
    const batchMean = tf.div(tf.sum(tf.mul(x, w), 0), count);
    const centred = tf.sub(x, batchMean);
    const batchVariance = tf.div(tf.sum(tf.mul(tf.square(centred), w), 0), count);
    const batchOutput = tf.div(centred, tf.sqrt(tf.add(batchVariance, LAYER_NORM_EPSILON)));
    // LayerNorm: over the channel axis of each token.
    const layerMean = tf.mean(x, 1, true);
    const layerVariance = tf.mean(tf.square(tf.sub(x, layerMean)), 1, true);
    const layerOutput = tf.div(tf.sub(x, layerMean), tf.sqrt(tf.add(layerVariance, LAYER_NORM_EPSILON)));
    return [x, batchMean, batchVariance, tf.reshape(layerMean, [-1]), tf.reshape(layerVariance, [-1]), batchOutput, layerOutput];
  });
  try {
    const data = (await Promise.all(outputs.map((tensor) => tensor.data()))) as Float32Array[];
    const [activations, batchMean, batchVariance, layerMean, layerVariance, batchOutput, layerOutput] = data;
    return { batch, positions, dModel: d, activations, batchMean, batchVariance, layerMean, layerVariance, batchOutput, layerOutput };
  } finally {
    tf.dispose(outputs);
  }
}
