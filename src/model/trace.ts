// The plain-array record of one forward pass: every intermediate tensor, row-major.
// The TF.js model fills it with Float32Array, the reference with Float64Array; the
// charts and the export read it. No tensors, no DOM: it can cross a worker boundary.

import type { ModelConfig } from './config';
import type { ModelWeights } from './weights';

export type NumberArray = Float32Array | Float64Array;

export interface TensorData<T extends NumberArray = NumberArray> {
  shape: number[];
  data: T;
}

export interface NormTrace<T extends NumberArray = NumberArray> {
  /** Per-token mean over the d_model channels, [n]. */
  mean: TensorData<T>;
  /** Per-token (biased) variance over the channels, [n]. */
  variance: TensorData<T>;
  /** gain · (x − mean) / √(variance + ε) + bias, [n, d_model]. */
  output: TensorData<T>;
}

/** One pre-LayerNorm block: x → x + Attention(LN₁(x)) → · + FFN(LN₂(·)). */
export interface LayerTrace<T extends NumberArray = NumberArray> {
  /** Block input, [n, d_model]. */
  input: TensorData<T>;
  norm1: NormTrace<T>;
  /** LN₁(x)·W_Q split into heads, [h, n, d_k]; likewise keys and values. */
  queries: TensorData<T>;
  keys: TensorData<T>;
  values: TensorData<T>;
  /** QKᵀ per head, [h, n, n]. */
  rawScores: TensorData<T>;
  /** QKᵀ/√d_k when scaling is on, else equal to rawScores, [h, n, n]. */
  scaledScores: TensorData<T>;
  /** scaledScores + MASK_VALUE where the mask forbids, [h, n, n]. */
  maskedScores: TensorData<T>;
  /**
   * Row-wise softmax of maskedScores, times the mask, [h, n, n]: each row sums to 1, and
   * masked weights are exactly 0. A row whose keys are all masked is all 0 (it attends to
   * nothing) instead of the NaN a true −∞ would give.
   */
  attentionWeights: TensorData<T>;
  /** attentionWeights · V per head, [h, n, d_k]. */
  headOutputs: TensorData<T>;
  /** Heads side by side, [n, d_model]. */
  concatenatedHeads: TensorData<T>;
  /** concatenatedHeads · W_O, [n, d_model]. */
  attentionOutput: TensorData<T>;
  /** input + attentionOutput, [n, d_model]. */
  residual1: TensorData<T>;
  norm2: NormTrace<T>;
  /** ReLU(LN₂·W₁ + b₁), [n, d_ff]. */
  ffnHidden: TensorData<T>;
  /** ffnHidden·W₂ + b₂, [n, d_model]. */
  ffnOutput: TensorData<T>;
  /** residual1 + ffnOutput: the block output, [n, d_model]. */
  output: TensorData<T>;
}

export interface ForwardTrace<T extends NumberArray = NumberArray> {
  /** 1 where query i may attend to key j, 0 where masked, [n, n]. */
  mask: TensorData<T>;
  /** Token embeddings, [n, d_model]. */
  embeddings: TensorData<T>;
  /** Sinusoidal positional encoding, [n, d_model]. */
  positionalEncoding: TensorData<T>;
  /** embeddings + positionalEncoding: the first block's input, [n, d_model]. */
  input: TensorData<T>;
  layers: LayerTrace<T>[];
  /** LayerNorm after the last block, [n, d_model]. */
  finalNorm: NormTrace<T>;
  /**
   * Only with trained weights that have a read-out: softmax(finalNorm · W + b), the model's
   * probability of each vocabulary token at each position, [n, V].
   */
  prediction?: TensorData<T>;
}

/** What goes into one forward pass: message-shaped, so it can be posted to a worker. */
export interface ForwardRequest {
  config: ModelConfig;
  /**
   * Trained weights to run instead of the seeded ones (the playground's trained model);
   * config must match their shape, and every token must be in their vocabulary.
   */
  weights?: ModelWeights;
  tokens: string[];
  isPadding: boolean[];
  /** When config.mask is 'custom': n × n row-major, '1' where query i may see key j, '0' where masked. */
  customMask?: string;
}

export const LAYER_TENSOR_NAMES = [
  'input',
  'norm1.mean',
  'norm1.variance',
  'norm1.output',
  'queries',
  'keys',
  'values',
  'rawScores',
  'scaledScores',
  'maskedScores',
  'attentionWeights',
  'headOutputs',
  'concatenatedHeads',
  'attentionOutput',
  'residual1',
  'norm2.mean',
  'norm2.variance',
  'norm2.output',
  'ffnHidden',
  'ffnOutput',
  'output',
] as const;

/** Every tensor of a trace with a dotted name ("layers.1.attentionWeights"), in a fixed order. */
export function listTraceTensors<T extends NumberArray>(trace: ForwardTrace<T>): { name: string; tensor: TensorData<T> }[] {
  const list: { name: string; tensor: TensorData<T> }[] = [
    { name: 'mask', tensor: trace.mask },
    { name: 'embeddings', tensor: trace.embeddings },
    { name: 'positionalEncoding', tensor: trace.positionalEncoding },
    { name: 'input', tensor: trace.input },
  ];
  trace.layers.forEach((layer, index) => {
    for (const name of LAYER_TENSOR_NAMES) {
      list.push({ name: `layers.${index}.${name}`, tensor: lookup(layer, name) });
    }
  });
  list.push({ name: 'finalNorm.mean', tensor: trace.finalNorm.mean });
  list.push({ name: 'finalNorm.variance', tensor: trace.finalNorm.variance });
  list.push({ name: 'finalNorm.output', tensor: trace.finalNorm.output });
  if (trace.prediction) list.push({ name: 'prediction', tensor: trace.prediction });
  return list;
}

/**
 * One tensor of a trace by its dotted name, as listTraceTensors names it ("layers.1.keys",
 * "finalNorm.output", "mask"). Throws for a name the trace does not have.
 */
export function traceTensor<T extends NumberArray>(trace: ForwardTrace<T>, name: string): TensorData<T> {
  const inLayer = /^layers\.(\d+)\.(.+)$/.exec(name);
  if (inLayer) {
    const layer = trace.layers[Number(inLayer[1])];
    if (layer && (LAYER_TENSOR_NAMES as readonly string[]).includes(inLayer[2])) return lookup(layer, inLayer[2]);
  } else if (name === 'mask' || name === 'embeddings' || name === 'positionalEncoding' || name === 'input') {
    return trace[name];
  } else if (name === 'finalNorm.mean' || name === 'finalNorm.variance' || name === 'finalNorm.output') {
    return trace.finalNorm[name.slice('finalNorm.'.length) as keyof NormTrace<T>];
  } else if (name === 'prediction' && trace.prediction) {
    return trace.prediction;
  }
  throw new Error(`no tensor ${name} in the trace`);
}

function lookup<T extends NumberArray>(layer: LayerTrace<T>, dotted: string): TensorData<T> {
  const [first, second] = dotted.split('.') as [keyof LayerTrace<T>, keyof NormTrace<T> | undefined];
  const value = layer[first];
  return (second ? (value as NormTrace<T>)[second] : value) as TensorData<T>;
}

/**
 * Assemble a trace from tensors looked up by their dotted names (the inverse of
 * listTraceTensors); `withPrediction` for a trained model's read-out.
 */
export function traceFromNamed<T extends NumberArray>(numLayers: number, get: (name: string) => TensorData<T>, withPrediction = false): ForwardTrace<T> {
  const norm = (prefix: string): NormTrace<T> => ({
    mean: get(`${prefix}.mean`),
    variance: get(`${prefix}.variance`),
    output: get(`${prefix}.output`),
  });
  const layers: LayerTrace<T>[] = [];
  for (let index = 0; index < numLayers; index++) {
    const at = (name: string) => get(`layers.${index}.${name}`);
    layers.push({
      input: at('input'),
      norm1: norm(`layers.${index}.norm1`),
      queries: at('queries'),
      keys: at('keys'),
      values: at('values'),
      rawScores: at('rawScores'),
      scaledScores: at('scaledScores'),
      maskedScores: at('maskedScores'),
      attentionWeights: at('attentionWeights'),
      headOutputs: at('headOutputs'),
      concatenatedHeads: at('concatenatedHeads'),
      attentionOutput: at('attentionOutput'),
      residual1: at('residual1'),
      norm2: norm(`layers.${index}.norm2`),
      ffnHidden: at('ffnHidden'),
      ffnOutput: at('ffnOutput'),
      output: at('output'),
    });
  }
  return {
    mask: get('mask'),
    embeddings: get('embeddings'),
    positionalEncoding: get('positionalEncoding'),
    input: get('input'),
    layers,
    finalNorm: norm('finalNorm'),
    ...(withPrediction ? { prediction: get('prediction') } : {}),
  };
}
