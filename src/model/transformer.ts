// The tiny transformer on TF.js: one forward pass in, a plain-array trace of every
// intermediate out. Weights live as tensors between passes; everything a pass creates
// is disposed before it returns, so tf.memory().numTensors is the same before and after.

import { tf } from './tf';
import { validateConfig, type ModelConfig } from './config';
import { createWeights, embedTokens, type ModelWeights } from './weights';
import { attentionMask } from './mask';
import { feedForward, layerNorm, multiHeadAttention, positionalEncoding, type LayerNormResult } from './layers';
import { traceFromNamed, type ForwardRequest, type ForwardTrace, type TensorData } from './trace';

interface LayerTensors {
  queryWeights: tf.Tensor;
  keyWeights: tf.Tensor;
  valueWeights: tf.Tensor;
  outputWeights: tf.Tensor;
  norm1Gain: tf.Tensor;
  norm1Bias: tf.Tensor;
  norm2Gain: tf.Tensor;
  norm2Bias: tf.Tensor;
  ffnWeights1: tf.Tensor;
  ffnBias1: tf.Tensor;
  ffnWeights2: tf.Tensor;
  ffnBias2: tf.Tensor;
}

interface WeightTensors {
  /** Which weights and on which backend: tensors belong to the backend that made them. */
  key: string;
  host: ModelWeights;
  layers: LayerTensors[];
  finalNormGain: tf.Tensor;
  finalNormBias: tf.Tensor;
}

export interface ForwardResult {
  trace: ForwardTrace<Float32Array>;
  /** The weights used, as plain arrays (for export). */
  weights: ModelWeights;
  backend: string;
  /** Wall time of compute plus readback, ms. */
  elapsedMs: number;
  /** Values that came back as NaN or ±Infinity (e.g. float16 overflow); 0 when all is well. */
  nonFiniteCount: number;
}

export class TransformerModel {
  private weightTensors: WeightTensors | null = null;

  /** Run one forward pass on the active backend and read every intermediate back. */
  async forward(request: ForwardRequest): Promise<ForwardResult> {
    const { config } = request;
    const problems = validateConfig(config);
    if (problems.length > 0) throw new Error(problems.map((problem) => problem.message).join('; '));
    if (request.tokens.length !== config.seqLen || request.isPadding.length !== config.seqLen) {
      throw new Error(`expected ${config.seqLen} tokens, got ${request.tokens.length}`);
    }
    const started = performance.now();
    const weights = this.weightsFor(config);
    const named = tf.tidy(() => computeNamedTensors(request, weights));
    const names = Object.keys(named);
    const shapes = names.map((name) => named[name].shape);
    // One readback for everything: a GPU round trip per tensor would cost more than the math.
    const flat = tf.tidy(() => tf.concat(names.map((name) => tf.reshape(named[name], [-1]))));
    tf.dispose(Object.values(named));
    let buffer: Float32Array;
    try {
      buffer = (await flat.data()) as Float32Array;
    } finally {
      flat.dispose();
    }
    const elapsedMs = performance.now() - started;

    const byName = new Map<string, TensorData<Float32Array>>();
    let offset = 0;
    names.forEach((name, index) => {
      const shape = shapes[index];
      const size = shape.reduce((product, dim) => product * dim, 1);
      byName.set(name, { shape, data: buffer.subarray(offset, offset + size) });
      offset += size;
    });
    let nonFiniteCount = 0;
    for (let i = 0; i < buffer.length; i++) if (!Number.isFinite(buffer[i])) nonFiniteCount++;
    const trace = traceFromNamed(config.numLayers, (name) => {
      const tensor = byName.get(name);
      if (!tensor) throw new Error(`trace tensor ${name} missing`);
      return tensor;
    });
    return { trace, weights: weights.host, backend: tf.getBackend(), elapsedMs, nonFiniteCount };
  }

  /** Free the weight tensors (e.g. before switching backend). */
  dispose(): void {
    if (!this.weightTensors) return;
    const { layers, finalNormGain, finalNormBias } = this.weightTensors;
    tf.dispose([finalNormGain, finalNormBias, ...layers.flatMap((layer) => Object.values(layer))]);
    this.weightTensors = null;
  }

  private weightsFor(config: ModelConfig): WeightTensors {
    const key = `${tf.getBackend()}:${config.seed}:${config.dModel}:${config.numLayers}`;
    if (this.weightTensors?.key === key) return this.weightTensors;
    // Reuse the host arrays when only the backend changed; they are costly to regenerate.
    const previous = this.weightTensors?.host;
    const host =
      previous &&
      previous.seed === config.seed &&
      previous.dModel === config.dModel &&
      previous.layers.length === config.numLayers
        ? previous
        : createWeights(config.seed, config.dModel, config.numLayers);
    this.dispose();
    const { dModel, dFF } = host;
    const matrix = (data: Float32Array, rows: number, cols: number) => tf.tensor2d(data, [rows, cols]);
    const vector = (data: Float32Array) => tf.tensor1d(data);
    this.weightTensors = {
      key,
      host,
      layers: host.layers.map((layer) => ({
        queryWeights: matrix(layer.queryWeights, dModel, dModel),
        keyWeights: matrix(layer.keyWeights, dModel, dModel),
        valueWeights: matrix(layer.valueWeights, dModel, dModel),
        outputWeights: matrix(layer.outputWeights, dModel, dModel),
        norm1Gain: vector(layer.norm1Gain),
        norm1Bias: vector(layer.norm1Bias),
        norm2Gain: vector(layer.norm2Gain),
        norm2Bias: vector(layer.norm2Bias),
        ffnWeights1: matrix(layer.ffnWeights1, dModel, dFF),
        ffnBias1: vector(layer.ffnBias1),
        ffnWeights2: matrix(layer.ffnWeights2, dFF, dModel),
        ffnBias2: vector(layer.ffnBias2),
      })),
      finalNormGain: vector(host.finalNormGain),
      finalNormBias: vector(host.finalNormBias),
    };
    return this.weightTensors;
  }
}

/** The forward pass proper, every intermediate under its trace name. Run inside tf.tidy. */
function computeNamedTensors(request: ForwardRequest, weights: WeightTensors): Record<string, tf.Tensor> {
  const { config, tokens, isPadding } = request;
  const { seqLen, dModel } = config;
  const named: Record<string, tf.Tensor> = {};
  const addNorm = (prefix: string, norm: LayerNormResult) => {
    named[`${prefix}.mean`] = norm.mean;
    named[`${prefix}.variance`] = norm.variance;
    named[`${prefix}.output`] = norm.output;
  };

  const allowed = attentionMask(config.mask, isPadding);
  named.mask = allowed;
  named.embeddings = tf.tensor2d(embedTokens(tokens, config.seed, dModel), [seqLen, dModel]);
  named.positionalEncoding = positionalEncoding(seqLen, dModel);
  let x = tf.add(named.embeddings, named.positionalEncoding);
  named.input = x;

  weights.layers.forEach((layer, index) => {
    const prefix = `layers.${index}`;
    named[`${prefix}.input`] = x;
    const norm1 = layerNorm(x, layer.norm1Gain, layer.norm1Bias);
    addNorm(`${prefix}.norm1`, norm1);
    const attention = multiHeadAttention(norm1.output, layer, allowed, config.numHeads, config.scaleScores);
    for (const [name, tensor] of Object.entries(attention)) named[`${prefix}.${name}`] = tensor;
    const residual1 = tf.add(x, attention.attentionOutput);
    named[`${prefix}.residual1`] = residual1;
    const norm2 = layerNorm(residual1, layer.norm2Gain, layer.norm2Bias);
    addNorm(`${prefix}.norm2`, norm2);
    const ffn = feedForward(norm2.output, layer.ffnWeights1, layer.ffnBias1, layer.ffnWeights2, layer.ffnBias2);
    named[`${prefix}.ffnHidden`] = ffn.hidden;
    named[`${prefix}.ffnOutput`] = ffn.output;
    x = tf.add(residual1, ffn.output);
    named[`${prefix}.output`] = x;
  });
  addNorm('finalNorm', layerNorm(x, weights.finalNormGain, weights.finalNormBias));
  return named;
}
