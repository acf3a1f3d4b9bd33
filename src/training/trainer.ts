// A tiny transformer that learns the reverse task on the active TF.js backend (in the model
// worker). Pre-LayerNorm blocks like the playground's model, without learned LayerNorm gains,
// then a linear read-out to the 10 digits; the ablation switches (variant.ts) change the
// scaling, the normalisation (LayerNorm, BatchNorm or none), the residuals and W_K.
// Weights start from seeded float32 numbers (random.ts), the batches come from a seeded
// stream, and Adam updates them: the same seed gives the same run on a given backend. The
// Float64 reference (src/reference/trainingReference.ts) recomputes the forward pass from
// exported weights.
import { tf } from '../model/tf';
import { encodingTable } from '../reference/positionReference';
import { LAYER_NORM_EPSILON, POSITIONAL_BASE } from '../model/config';
import { accuracy, batchStream, mostLikelyDigits, type Batch, VOCABULARY } from './reverseTask';
import { BATCH_NORM_MOMENTUM, initialWeights, isRunningStatistic, weightShapes, type TrainerConfig, type TrainerWeights } from './modelSpec';

// The model's plain description lives in modelSpec.ts (no TF.js); these are its names here too.
export { BATCH_NORM_MOMENTUM, DEFAULT_TRAINER_CONFIG, initialWeights, isRunningStatistic, weightShapes } from './modelSpec';
export type { TrainerConfig, TrainerWeights } from './modelSpec';

export interface StepReport {
  /** Steps taken since the start (or the last reset). */
  step: number;
  /** The training loss of each step just taken. */
  losses: number[];
}

export interface Evaluation {
  loss: number;
  token: number;
  sequence: number;
}

export interface Inspection {
  /** The predicted digit at each position. */
  prediction: number[];
  /** Softmax probabilities, [T, 10]. */
  probabilities: Float32Array;
  /** Attention weights, [layers, heads, T, T]. */
  attention: Float32Array;
}

/** TF.js variable names must be unique while they live: one prefix per trainer. */
let trainerCount = 0;

export class Trainer {
  readonly config: TrainerConfig;
  private readonly variables = new Map<string, tf.Variable>();
  private readonly positional: tf.Tensor2D;
  private readonly optimizer: tf.AdamOptimizer;
  private readonly nextBatch: () => Batch;
  private steps = 0;

  /** `initial`: weights to start from (a checkpoint); the seeded ones by default. */
  constructor(config: TrainerConfig, initial: TrainerWeights = initialWeights(config)) {
    this.config = config;
    if (config.dModel % config.heads !== 0) throw new Error(`d_model ${config.dModel} is not divisible by ${config.heads} heads`);
    const prefix = `trainer${++trainerCount}`;
    for (const [name, shape] of weightShapes(config)) {
      const values = initial[name];
      if (!values) throw new Error(`no starting values for ${name}`);
      this.variables.set(name, tf.tidy(() => tf.variable(tf.tensor(values, shape), !isRunningStatistic(name), `${prefix}.${name}`)));
    }
    this.positional = tf.tensor2d(Float32Array.from(encodingTable(config.length, config.dModel, POSITIONAL_BASE)), [config.length, config.dModel]);
    this.optimizer = tf.train.adam(config.learningRate);
    this.nextBatch = batchStream(config.seed, config.batchSize, config.length);
  }

  get step(): number {
    return this.steps;
  }

  private weight(name: string): tf.Tensor {
    const variable = this.variables.get(name);
    if (!variable) throw new Error(`no weight ${name}`);
    return variable;
  }

  /**
   * Forward pass for a [B, T] batch of digits: logits [B·T, 10] and every layer's attention
   * [B, H, T, T]. `training`: batch norm normalises with the batch's own statistics and moves
   * its running averages; otherwise (evaluate, inspect) it uses the running averages.
   */
  private forward(inputs: tf.Tensor2D, training = false): { logits: tf.Tensor2D; attention: tf.Tensor[] } {
    const { length: T, dModel: d, heads: H, layers, variant } = this.config;
    const B = inputs.shape[0];
    const dk = d / H;
    const rows = B * T;
    const normalise = (x: tf.Tensor, norm: string): tf.Tensor => {
      if (variant.norm === 'none') return x;
      if (variant.norm === 'layer') {
        const { mean, variance } = tf.moments(x, -1, true);
        return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON)));
      }
      // Batch norm: per channel, over all B·T rows (biased variance).
      const runningMean = this.variables.get(`${norm}.mean`)!;
      const runningVariance = this.variables.get(`${norm}.variance`)!;
      let mean: tf.Tensor = runningMean;
      let variance: tf.Tensor = runningVariance;
      if (training) {
        ({ mean, variance } = tf.moments(x, 0));
        // Not on the loss's path, so the gradient ignores these updates.
        const keep = 1 - BATCH_NORM_MOMENTUM;
        runningMean.assign(tf.add(tf.mul(runningMean, keep), tf.mul(mean, BATCH_NORM_MOMENTUM)));
        runningVariance.assign(tf.add(tf.mul(runningVariance, keep), tf.mul(variance, BATCH_NORM_MOMENTUM)));
      }
      return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON)));
    };
    const residual = (x: tf.Tensor, update: tf.Tensor) => (variant.residual ? tf.add(x, update) : update);
    const project = (x: tf.Tensor, name: string) => tf.matMul(x as tf.Tensor2D, this.weight(name) as tf.Tensor2D);
    const split = (x: tf.Tensor) => tf.reshape(tf.transpose(tf.reshape(x, [B, T, H, dk]), [0, 2, 1, 3]), [B * H, T, dk]);
    // One-hot × E rather than gather: gather's gradient (UnsortedSegmentSum) has no WASM kernel.
    const oneHot = tf.oneHot(tf.reshape(inputs, [rows]) as tf.Tensor1D, VOCABULARY);
    const embedded = tf.reshape(tf.matMul(oneHot, this.weight('embedding') as tf.Tensor2D), [B, T, d]);
    let x: tf.Tensor = tf.reshape(tf.add(embedded, this.positional), [rows, d]);
    const attention: tf.Tensor[] = [];
    for (let l = 0; l < layers; l++) {
      const h = normalise(x, `layers.${l}.norm1`);
      const q = split(project(h, `layers.${l}.query`));
      const k = variant.tiedQK ? q : split(project(h, `layers.${l}.key`));
      const v = split(project(h, `layers.${l}.value`));
      const scores = tf.matMul(q, k, false, true);
      const weights = tf.softmax(variant.scaled ? tf.div(scores, Math.sqrt(dk)) : scores);
      attention.push(tf.reshape(weights, [B, H, T, T]));
      const heads = tf.reshape(tf.transpose(tf.reshape(tf.matMul(weights, v), [B, H, T, dk]), [0, 2, 1, 3]), [rows, d]);
      x = residual(x, project(heads, `layers.${l}.output`));
      const hidden = tf.relu(tf.add(project(normalise(x, `layers.${l}.norm2`), `layers.${l}.ffn1`), this.weight(`layers.${l}.ffn1Bias`)));
      x = residual(x, tf.add(project(hidden, `layers.${l}.ffn2`), this.weight(`layers.${l}.ffn2Bias`)));
    }
    const logits = tf.add(project(normalise(x, 'final.norm'), 'readout'), this.weight('readoutBias')) as tf.Tensor2D;
    return { logits, attention };
  }

  private loss(logits: tf.Tensor2D, targets: Int32Array): tf.Scalar {
    const labels = tf.oneHot(tf.tensor1d(targets, 'int32'), VOCABULARY);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  }

  /** `count` Adam steps on the next batches of the seeded stream; their losses. */
  async train(count: number): Promise<StepReport> {
    const losses: tf.Scalar[] = [];
    for (let i = 0; i < count; i++) {
      const batch = this.nextBatch();
      const loss = tf.tidy(() => {
        const inputs = tf.tensor2d(batch.inputs, [batch.size, batch.length], 'int32');
        return this.optimizer.minimize(() => this.loss(this.forward(inputs, true).logits, batch.targets), true)!;
      });
      losses.push(loss);
      this.steps++;
    }
    try {
      const values = await Promise.all(losses.map(async (loss) => (await loss.data())[0]));
      return { step: this.steps, losses: values };
    } finally {
      tf.dispose(losses);
    }
  }

  /** Loss and accuracy on a batch, without training. */
  async evaluate(batch: Batch): Promise<Evaluation> {
    const [loss, predicted] = tf.tidy(() => {
      const { logits } = this.forward(tf.tensor2d(batch.inputs, [batch.size, batch.length], 'int32'));
      return [this.loss(logits, batch.targets), tf.argMax(logits, 1)];
    });
    try {
      const [lossValue, digits] = await Promise.all([loss.data(), predicted.data()]);
      return { loss: lossValue[0], ...accuracy(digits, batch.targets, batch.length) };
    } finally {
      tf.dispose([loss, predicted]);
    }
  }

  /** The model's answer and attention maps for one sequence. */
  async inspect(input: readonly number[]): Promise<Inspection> {
    const { length, layers, heads } = this.config;
    if (input.length !== length) throw new Error(`expected ${length} digits, got ${input.length}`);
    const [probabilities, attention] = tf.tidy(() => {
      const result = this.forward(tf.tensor2d(Int32Array.from(input), [1, length], 'int32'));
      return [tf.softmax(result.logits), tf.reshape(tf.stack(result.attention), [layers * heads * length * length])];
    });
    try {
      const [p, a] = await Promise.all([probabilities.data() as Promise<Float32Array>, attention.data() as Promise<Float32Array>]);
      const prediction = mostLikelyDigits(p, length).map((entry) => entry.digit);
      return { prediction, probabilities: Float32Array.from(p), attention: Float32Array.from(a) };
    } finally {
      tf.dispose([probabilities, attention]);
    }
  }

  /** The current weights, copied out (for the reference and for checkpoints). */
  async weights(): Promise<TrainerWeights> {
    const out: TrainerWeights = {};
    for (const [name, variable] of this.variables) out[name] = Float32Array.from((await variable.data()) as Float32Array);
    return out;
  }

  dispose(): void {
    for (const variable of this.variables.values()) variable.dispose();
    this.variables.clear();
    this.positional.dispose();
    this.optimizer.dispose();
  }
}
