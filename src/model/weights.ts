// Deterministic weights from a seed, as plain float32 arrays. Both the TF.js model and
// the plain-TypeScript reference read these; neither computes them.
//
// Layout: every matrix is row-major [in, out] and applied as x·W (x is a row vector).
// Each tensor has its own random stream named after it, so adding a layer leaves the
// existing layers' weights unchanged.

import { ffnWidth } from './config';
import { normalSamples, streamSeed } from './random';

export interface LayerWeights {
  /** [dModel, dModel] each; head h uses columns h·d_k … (h+1)·d_k − 1 of Q, K, V. */
  queryWeights: Float32Array;
  keyWeights: Float32Array;
  valueWeights: Float32Array;
  /** [dModel, dModel]: mixes the concatenated heads back into d_model. */
  outputWeights: Float32Array;
  /** LayerNorm before attention: gain and bias, [dModel]. */
  norm1Gain: Float32Array;
  norm1Bias: Float32Array;
  /** LayerNorm before the feed-forward network, [dModel]. */
  norm2Gain: Float32Array;
  norm2Bias: Float32Array;
  /** Feed-forward: [dModel, dFF], [dFF], [dFF, dModel], [dModel]. */
  ffnWeights1: Float32Array;
  ffnBias1: Float32Array;
  ffnWeights2: Float32Array;
  ffnBias2: Float32Array;
}

export interface ModelWeights {
  seed: number;
  dModel: number;
  dFF: number;
  layers: LayerWeights[];
  finalNormGain: Float32Array;
  finalNormBias: Float32Array;
  /**
   * Where trained weights came from (e.g. "checkpoints/reverse-6.json"); absent for seeded
   * ones. Also the identity a backend's cached weight tensors are kept under.
   */
  source?: string;
  /**
   * A trained model's fixed vocabulary and its embedding table, [tokens.length, dModel].
   * Absent for seeded weights, where every token gets a seeded vector (embedTokens).
   */
  vocabulary?: { tokens: string[]; embeddings: Float32Array };
  /** A trained model's read-out to its vocabulary: logits = finalNorm · weights + bias, [dModel, V] and [V]. */
  readout?: { weights: Float32Array; bias: Float32Array };
}

const ones = (length: number) => new Float32Array(length).fill(1);

/**
 * Weights for a pre-LayerNorm transformer. Matrices are N(0, 1/fan_in) (LeCun init) so
 * activations keep unit scale; LayerNorm starts as the identity (gain 1, bias 0), biases 0.
 */
export function createWeights(seed: number, dModel: number, numLayers: number): ModelWeights {
  const dFF = ffnWidth(dModel);
  const matrix = (name: string, rows: number, cols: number) =>
    normalSamples(streamSeed(seed, `${name}:${rows}x${cols}`), rows * cols, 1 / Math.sqrt(rows));
  const layers: LayerWeights[] = [];
  for (let layer = 0; layer < numLayers; layer++) {
    const name = (part: string) => `layer${layer}.${part}`;
    layers.push({
      queryWeights: matrix(name('query'), dModel, dModel),
      keyWeights: matrix(name('key'), dModel, dModel),
      valueWeights: matrix(name('value'), dModel, dModel),
      outputWeights: matrix(name('output'), dModel, dModel),
      norm1Gain: ones(dModel),
      norm1Bias: new Float32Array(dModel),
      norm2Gain: ones(dModel),
      norm2Bias: new Float32Array(dModel),
      ffnWeights1: matrix(name('ffn1'), dModel, dFF),
      ffnBias1: new Float32Array(dFF),
      ffnWeights2: matrix(name('ffn2'), dFF, dModel),
      ffnBias2: new Float32Array(dModel),
    });
  }
  return {
    seed,
    dModel,
    dFF,
    layers,
    finalNormGain: ones(dModel),
    finalNormBias: new Float32Array(dModel),
  };
}

/**
 * Token embeddings, [tokens.length, dModel], N(0, 1). A token's vector depends only on
 * the seed, d_model and the token itself (there is no fixed vocabulary), so 「大」 has
 * the same embedding wherever it appears, in any text.
 */
export function embedTokens(tokens: readonly string[], seed: number, dModel: number): Float32Array {
  const out = new Float32Array(tokens.length * dModel);
  tokens.forEach((token, position) => {
    out.set(normalSamples(streamSeed(seed, `embedding:${dModel}:${token}`), dModel), position * dModel);
  });
  return out;
}

/**
 * The embeddings of `tokens` under these weights, [tokens.length, dModel]: rows of a trained
 * model's table, or seeded vectors. A token outside a trained vocabulary is an error.
 */
export function embedWith(weights: ModelWeights, tokens: readonly string[]): Float32Array {
  const { vocabulary, dModel } = weights;
  if (!vocabulary) return embedTokens(tokens, weights.seed, dModel);
  const out = new Float32Array(tokens.length * dModel);
  tokens.forEach((token, position) => {
    const row = vocabulary.tokens.indexOf(token);
    if (row < 0) throw new Error(`"${token}" is not in the trained model's vocabulary (${vocabulary.tokens.join(' ')})`);
    out.set(vocabulary.embeddings.subarray(row * dModel, (row + 1) * dModel), position * dModel);
  });
  return out;
}

/** The named weight tensors with their shapes, for export and inspection. */
export function listWeights(weights: ModelWeights): { name: string; shape: number[]; data: Float32Array }[] {
  const { dModel, dFF } = weights;
  const list: { name: string; shape: number[]; data: Float32Array }[] = [];
  weights.layers.forEach((layer, index) => {
    const add = (part: keyof LayerWeights, shape: number[]) =>
      list.push({ name: `layers.${index}.${part}`, shape, data: layer[part] });
    add('queryWeights', [dModel, dModel]);
    add('keyWeights', [dModel, dModel]);
    add('valueWeights', [dModel, dModel]);
    add('outputWeights', [dModel, dModel]);
    add('norm1Gain', [dModel]);
    add('norm1Bias', [dModel]);
    add('norm2Gain', [dModel]);
    add('norm2Bias', [dModel]);
    add('ffnWeights1', [dModel, dFF]);
    add('ffnBias1', [dFF]);
    add('ffnWeights2', [dFF, dModel]);
    add('ffnBias2', [dModel]);
  });
  list.push({ name: 'finalNormGain', shape: [dModel], data: weights.finalNormGain });
  list.push({ name: 'finalNormBias', shape: [dModel], data: weights.finalNormBias });
  const vocabularySize = weights.vocabulary?.tokens.length ?? 0;
  if (weights.vocabulary) list.push({ name: 'embeddingTable', shape: [vocabularySize, dModel], data: weights.vocabulary.embeddings });
  if (weights.readout) {
    list.push({ name: 'readoutWeights', shape: [dModel, vocabularySize], data: weights.readout.weights });
    list.push({ name: 'readoutBias', shape: [vocabularySize], data: weights.readout.bias });
  }
  return list;
}
