// The tiny transformer on TF.js: one forward pass in, a plain-array trace of every
// intermediate out. Weights live as tensors between passes; everything a pass creates
// is disposed before it returns, so tf.memory().numTensors is the same before and after.

import { tf } from './tf';
import { whileWaiting } from './heldTensors';
import { validateConfig } from './config';
import { createWeights, embedWith, type ModelWeights } from './weights';
import { attentionMask } from './mask';
import { feedForward, layerNorm, multiHeadAttention, passConstants, positionalEncoding, type LayerNormResult } from './layers';
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
  layers: LayerTensors[];
  finalNormGain: tf.Tensor;
  finalNormBias: tf.Tensor;
  /** A trained model's read-out, [dModel, V] and [V]. */
  readout?: { weights: tf.Tensor; bias: tf.Tensor };
}

const allTensors = (weights: WeightTensors): tf.Tensor[] => [
  weights.finalNormGain,
  weights.finalNormBias,
  ...weights.layers.flatMap((layer) => Object.values(layer)),
  ...(weights.readout ? [weights.readout.weights, weights.readout.bias] : []),
];

export interface ForwardResult {
  /** Every intermediate; all its arrays are views of one buffer, so it transfers in one piece. */
  trace: ForwardTrace<Float32Array>;
  backend: string;
  /** Wall time of compute plus readback, ms. */
  elapsedMs: number;
  /** Values that came back as NaN or ±Infinity (e.g. float16 overflow); 0 when all is well. */
  nonFiniteCount: number;
  /**
   * Per layer, the largest finite attention weight of any head (0 when none is finite): the
   * top of the playground's shared colour scale, found here so the page does not scan
   * heads × n × n weights on every result of a drag.
   */
  attentionPeaks: number[];
}

export class TransformerModel {
  /** Host arrays of the current weights (regenerated only when seed, d_model or depth change). */
  private host: ModelWeights | null = null;
  /** The same weights as tensors, per backend: tensors belong to the backend that made them. */
  private readonly tensorsByBackend = new Map<string, WeightTensors>();

  /** Run one forward pass on the active backend and read every intermediate back. */
  async forward(request: ForwardRequest): Promise<ForwardResult> {
    const { config } = request;
    const problems = validateConfig(config);
    if (problems.length > 0) throw new Error(problems.map((problem) => problem.message).join('; '));
    if (request.tokens.length !== config.seqLen || request.isPadding.length !== config.seqLen) {
      throw new Error(`expected ${config.seqLen} tokens, got ${request.tokens.length}`);
    }
    const started = performance.now();
    const backend = tf.getBackend();
    const weights = this.weightsFor(request, backend);
    const named = tf.tidy(() => computeNamedTensors(request, this.host!, weights));
    const names = Object.keys(named);
    const shapes = names.map((name) => named[name].shape);
    const sizes = shapes.map((shape) => shape.reduce((product, dim) => product * dim, 1));
    let buffer: Float32Array;
    try {
      const tensors = names.map((name) => named[name]);
      buffer = await whileWaiting(tensors, () => readAll(tensors, sizes, backend));
    } finally {
      tf.dispose(Object.values(named));
    }
    const elapsedMs = performance.now() - started;

    const byName = new Map<string, TensorData<Float32Array>>();
    let offset = 0;
    names.forEach((name, index) => {
      byName.set(name, { shape: shapes[index], data: buffer.subarray(offset, offset + sizes[index]) });
      offset += sizes[index];
    });
    let nonFiniteCount = 0;
    for (let i = 0; i < buffer.length; i++) if (!Number.isFinite(buffer[i])) nonFiniteCount++;
    const trace = traceFromNamed(
      config.numLayers,
      (name) => {
        const tensor = byName.get(name);
        if (!tensor) throw new Error(`trace tensor ${name} missing`);
        return tensor;
      },
      byName.has('prediction'),
    );
    const attentionPeaks = trace.layers.map((layer) => largestFinite(layer.attentionWeights.data));
    return { trace, backend, elapsedMs, nonFiniteCount, attentionPeaks };
  }

  /** Free every weight tensor on every backend. */
  dispose(): void {
    for (const weights of this.tensorsByBackend.values()) tf.dispose(allTensors(weights));
    this.tensorsByBackend.clear();
  }

  /** Free the weight tensors on one backend (before that backend is replaced). */
  disposeBackend(backend: string): void {
    const weights = this.tensorsByBackend.get(backend);
    if (!weights) return;
    this.tensorsByBackend.delete(backend);
    tf.dispose(allTensors(weights));
  }

  /** The request's trained weights, or the seeded ones its config names; uploaded once per backend. */
  private weightsFor(request: ForwardRequest, backend: string): WeightTensors {
    const { config } = request;
    const { host } = this;
    if (request.weights) {
      const trained = request.weights;
      if (trained.dModel !== config.dModel || trained.layers.length !== config.numLayers) {
        throw new Error(`the trained weights are for d_model ${trained.dModel} and ${trained.layers.length} layer(s), not ${config.dModel} and ${config.numLayers}`);
      }
      if (host?.source !== trained.source) {
        this.dispose();
        this.host = trained;
      }
    } else if (!host || host.source !== undefined || host.seed !== config.seed || host.dModel !== config.dModel || host.layers.length !== config.numLayers) {
      this.dispose();
      this.host = createWeights(config.seed, config.dModel, config.numLayers);
    }
    const cached = this.tensorsByBackend.get(backend);
    if (cached) return cached;
    const tensors = uploadWeights(this.host!);
    this.tensorsByBackend.set(backend, tensors);
    return tensors;
  }
}

/**
 * Read every tensor into one Float32Array. On CPU and WASM each tensor is copied straight
 * in; on a GPU everything is concatenated first, because one round trip per tensor would
 * cost more than the math.
 */
async function readAll(tensors: tf.Tensor[], sizes: number[], backend: string): Promise<Float32Array> {
  const read = hostReader(backend);
  if (read) {
    const buffer = new Float32Array(sizes.reduce((sum, size) => sum + size, 0));
    let offset = 0;
    tensors.forEach((tensor, index) => {
      buffer.set(read(tensor), offset);
      offset += sizes[index];
    });
    return buffer;
  }
  const flat = tf.tidy(() => tf.concat(tensors.map((tensor) => tf.reshape(tensor, [-1]))));
  try {
    return (await whileWaiting([flat], () => flat.data())) as Float32Array;
  } finally {
    flat.dispose();
  }
}

/** The part of TF.js's WASM backend that shows a tensor's values where they lie in its heap. */
interface WasmHeapViews {
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * How to read a tensor's values on a backend that keeps them in the page's memory, or null
 * for a GPU backend. CPU's dataSync returns the array it stores (no copy). On WASM, dataSync
 * copies each tensor into a new ArrayBuffer, and those copies were a third of a pass at
 * n = 512, d_model = 256, 8 heads (worker, bench machine: 710 → 480 ms median; n = 128:
 * 86 → 59 ms), so WASM tensors are read through views of the backend's heap. A view is good
 * until the heap grows, so readAll copies it at once.
 */
function hostReader(backend: string): ((tensor: tf.Tensor) => ArrayLike<number>) | null {
  const copyOut = (tensor: tf.Tensor) => tensor.dataSync();
  if (backend === 'cpu') return copyOut;
  if (backend !== 'wasm') return null;
  const wasm = tf.backend() as unknown as Partial<WasmHeapViews>;
  if (typeof wasm.typedArrayFromHeap !== 'function') return copyOut;
  return (tensor) => wasm.typedArrayFromHeap!(tensor);
}

function uploadWeights(host: ModelWeights): WeightTensors {
  const { dModel, dFF } = host;
  const matrix = (data: Float32Array, rows: number, cols: number) => tf.tensor2d(data, [rows, cols]);
  const vector = (data: Float32Array) => tf.tensor1d(data);
  return {
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
    readout: host.readout && {
      weights: matrix(host.readout.weights, dModel, host.readout.bias.length),
      bias: vector(host.readout.bias),
    },
  };
}

/** The forward pass proper, every intermediate under its trace name. Run inside tf.tidy. */
function computeNamedTensors(request: ForwardRequest, host: ModelWeights, weights: WeightTensors): Record<string, tf.Tensor> {
  const { config, tokens, isPadding, customMask } = request;
  const { seqLen, dModel } = config;
  const named: Record<string, tf.Tensor> = {};
  const addNorm = (prefix: string, norm: LayerNormResult) => {
    named[`${prefix}.mean`] = norm.mean;
    named[`${prefix}.variance`] = norm.variance;
    named[`${prefix}.output`] = norm.output;
  };

  const constants = passConstants(attentionMask(config.mask, isPadding, customMask));
  named.mask = constants.allowed;
  named.embeddings = tf.tensor2d(embedWith(host, tokens), [seqLen, dModel]);
  // Without positional encoding the trace still has the tensor, all zeros, so shapes stay put.
  named.positionalEncoding = config.positional ? positionalEncoding(seqLen, dModel) : tf.zeros([seqLen, dModel]);
  let x = tf.add(named.embeddings, named.positionalEncoding);
  named.input = x;

  weights.layers.forEach((layer, index) => {
    const prefix = `layers.${index}`;
    named[`${prefix}.input`] = x;
    const norm1 = layerNorm(x, layer.norm1Gain, layer.norm1Bias, constants.normEpsilon);
    addNorm(`${prefix}.norm1`, norm1);
    const attention = multiHeadAttention(norm1.output, layer, constants, config.numHeads, config.scaleScores, config.tie);
    for (const [name, tensor] of Object.entries(attention)) named[`${prefix}.${name}`] = tensor;
    const residual1 = tf.add(x, attention.attentionOutput);
    named[`${prefix}.residual1`] = residual1;
    const norm2 = layerNorm(residual1, layer.norm2Gain, layer.norm2Bias, constants.normEpsilon);
    addNorm(`${prefix}.norm2`, norm2);
    const ffn = feedForward(norm2.output, layer.ffnWeights1, layer.ffnBias1, layer.ffnWeights2, layer.ffnBias2);
    named[`${prefix}.ffnHidden`] = ffn.hidden;
    named[`${prefix}.ffnOutput`] = ffn.output;
    x = tf.add(residual1, ffn.output);
    named[`${prefix}.output`] = x;
  });
  const finalNorm = layerNorm(x, weights.finalNormGain, weights.finalNormBias, constants.normEpsilon);
  addNorm('finalNorm', finalNorm);
  if (weights.readout) named.prediction = tf.softmax(tf.add(tf.matMul(finalNorm.output, weights.readout.weights), weights.readout.bias));
  return named;
}

/** The largest finite value (0 when there is none). */
function largestFinite(values: Float32Array): number {
  let largest = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value > largest && value !== Infinity) largest = value; // NaN fails the comparison
  }
  return largest === -Infinity ? 0 : largest;
}
