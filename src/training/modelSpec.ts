// The training lesson's model as plain data, without TF.js: its config, the names and
// shapes of its weights, and the seeded starting weights. The trainer (TF.js, in the worker)
// builds on it; checkpoint parsing and the UI can use it without loading TF.js.
import { normalSamples, streamSeed } from '../model/random';
import { VOCABULARY } from './reverseTask';
import { DEFAULT_VARIANT, type TrainerVariant } from './variant';

export interface TrainerConfig {
  seed: number;
  /** Sequence length T. */
  length: number;
  layers: number;
  dModel: number;
  heads: number;
  learningRate: number;
  batchSize: number;
  /** The ablation switches (scaling, normalisation, residuals, tied Q/K). */
  variant: TrainerVariant;
}

export const DEFAULT_TRAINER_CONFIG: TrainerConfig = { seed: 1, length: 6, layers: 1, dModel: 32, heads: 2, learningRate: 0.003, batchSize: 64, variant: DEFAULT_VARIANT };

/**
 * Every weight, by name; matrices row-major [in, out] (y = x W + b). With batch norm it
 * also holds the running statistics (see `isRunningStatistic`): state, not trained.
 */
export type TrainerWeights = Record<string, Float32Array>;

/** The three places a normalisation sits: before attention, before the FFN, before the read-out. */
function normNames(layers: number): string[] {
  const names: string[] = [];
  for (let l = 0; l < layers; l++) names.push(`layers.${l}.norm1`, `layers.${l}.norm2`);
  return [...names, 'final.norm'];
}

/** Batch norm's running mean and variance: updated by `train`, never by Adam. */
export function isRunningStatistic(name: string): boolean {
  return /(^|\.)norm\d?\.(mean|variance)$/.test(name);
}

/** The names and shapes of the weights, in a fixed order. */
export function weightShapes(config: TrainerConfig): [string, number[]][] {
  const { dModel: d, layers, variant } = config;
  const shapes: [string, number[]][] = [['embedding', [VOCABULARY, d]]];
  // Tied Q/K: the keys use W_Q, so there is no W_K at all.
  const projections = variant.tiedQK ? ['query', 'value', 'output'] : ['query', 'key', 'value', 'output'];
  for (let l = 0; l < layers; l++) {
    for (const name of projections) shapes.push([`layers.${l}.${name}`, [d, d]]);
    shapes.push([`layers.${l}.ffn1`, [d, 2 * d]], [`layers.${l}.ffn1Bias`, [2 * d]], [`layers.${l}.ffn2`, [2 * d, d]], [`layers.${l}.ffn2Bias`, [d]]);
  }
  shapes.push(['readout', [d, VOCABULARY]], ['readoutBias', [VOCABULARY]]);
  if (variant.norm === 'batch') for (const norm of normNames(layers)) shapes.push([`${norm}.mean`, [d]], [`${norm}.variance`, [d]]);
  return shapes;
}

/**
 * Seeded starting weights: N(0, 1/fan_in) for matrices (N(0, 1) for the embedding), zero
 * biases; batch norm's running statistics start at mean 0, variance 1.
 */
export function initialWeights(config: TrainerConfig): TrainerWeights {
  const weights: TrainerWeights = {};
  for (const [name, shape] of weightShapes(config)) {
    const count = shape.reduce((a, b) => a * b, 1);
    if (shape.length === 1) weights[name] = new Float32Array(count).fill(name.endsWith('.variance') ? 1 : 0);
    else weights[name] = normalSamples(streamSeed(config.seed, `train.${name}`), count, name === 'embedding' ? 1 : 1 / Math.sqrt(shape[0]));
  }
  return weights;
}

/** Batch norm's running averages: running = (1 − momentum)·running + momentum·batch. */
export const BATCH_NORM_MOMENTUM = 0.1;
