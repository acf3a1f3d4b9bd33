// A trained model as one JSON file: its config, how far it trained, what it scored on a
// held-out batch, and every weight as base64 of little-endian float32. The app ships one
// (static/checkpoints/reverse-6.json, from scripts/train-checkpoint.ts) and can read one
// a user saved. Reading never throws: a broken file gives an error key (for i18n) and a
// plain detail saying which field or weight is wrong.
import { bytesToFloat32, decodeBase64, encodeBase64, float32ToBytes } from './base64';
import { isRunningStatistic, weightShapes, type TrainerConfig, type TrainerWeights } from './modelSpec';
import { TRAINING_NORMS, type TrainerVariant } from './variant';

export const CHECKPOINT_FORMAT = 'qkv-lab/reverse-checkpoint';
export const CHECKPOINT_VERSION = 1;
/** The shipped checkpoint, beside the app (static/checkpoints/), relative to the page. */
export const SHIPPED_CHECKPOINT = 'checkpoints/reverse-6.json';

export interface HeldOutScore {
  /** heldOutBatch(seed, size, config.length) */
  seed: number;
  size: number;
  loss: number;
  /** Fractions of digits and of whole sequences right. */
  token: number;
  sequence: number;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  config: TrainerConfig;
  /** Adam steps taken. */
  steps: number;
  /** The script and its command line (or the app) that made it. */
  createdBy: string;
  heldOut: HeldOutScore;
  weights: TrainerWeights;
}

export type CheckpointErrorKey =
  | 'checkpointNotJson'
  | 'checkpointWrongFormat'
  | 'checkpointWrongVersion'
  | 'checkpointBadConfig'
  | 'checkpointMissingWeight'
  | 'checkpointWrongShape'
  | 'checkpointBadData';

export interface CheckpointError {
  key: CheckpointErrorKey;
  /** Which field or weight, expected against found, in plain words. */
  detail: string;
}

/** The integer config fields a checkpoint may hold, inclusive (generous: the model stays small). */
export const CHECKPOINT_CONFIG_LIMITS = {
  seed: [0, 2 ** 32 - 1],
  length: [2, 64],
  layers: [1, 8],
  dModel: [2, 512],
  heads: [1, 64],
  batchSize: [1, 4096],
} as const satisfies Record<string, readonly [number, number]>;

interface StoredWeight {
  shape: number[];
  data: string;
}

export function serializeCheckpoint(checkpoint: Checkpoint): string {
  const weights: Record<string, StoredWeight> = {};
  for (const [name, shape] of weightShapes(checkpoint.config)) {
    const values = checkpoint.weights[name];
    const count = shape.reduce((a, b) => a * b, 1);
    if (!values || values.length !== count) throw new Error(`${name}: ${values ? values.length : 'no'} values, expected ${count}`);
    weights[name] = { shape, data: encodeBase64(float32ToBytes(values)) };
  }
  const { format, version, config, steps, createdBy, heldOut } = checkpoint;
  return `${JSON.stringify({ format, version, config, steps, createdBy, heldOut, weights }, null, 1)}\n`;
}

type Parsed<T> = { value: T } | { error: CheckpointError };
const fail = (key: CheckpointErrorKey, detail: string) => ({ error: { key, detail } });
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown): string => {
  try {
    return JSON.stringify(value)?.slice(0, 40) ?? String(value);
  } catch {
    return String(value);
  }
};

export function parseCheckpoint(text: string): { checkpoint: Checkpoint } | { error: CheckpointError } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail('checkpointNotJson', error instanceof Error ? error.message : String(error));
  }
  if (!isRecord(json)) return fail('checkpointWrongFormat', `a ${Array.isArray(json) ? 'list' : typeof json}, expected an object`);
  if (json.format !== CHECKPOINT_FORMAT) return fail('checkpointWrongFormat', `format ${show(json.format)}, expected "${CHECKPOINT_FORMAT}"`);
  if (json.version !== CHECKPOINT_VERSION) return fail('checkpointWrongVersion', `version ${show(json.version)}, this app reads ${CHECKPOINT_VERSION}`);
  const config = parseConfig(json.config);
  if ('error' in config) return config;
  const metadata = parseMetadata(json);
  if ('error' in metadata) return metadata;
  const weights = parseWeights(json.weights, config.value);
  if ('error' in weights) return weights;
  return { checkpoint: { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, config: config.value, ...metadata.value, weights: weights.value } };
}

function parseConfig(value: unknown): Parsed<TrainerConfig> {
  if (!isRecord(value)) return fail('checkpointBadConfig', 'no config object');
  const numbers: Record<string, number> = {};
  for (const [field, [low, high]] of Object.entries(CHECKPOINT_CONFIG_LIMITS)) {
    const number = value[field];
    if (typeof number !== 'number' || !Number.isInteger(number) || number < low || number > high) {
      return fail('checkpointBadConfig', `config.${field} ${show(number)}, expected a whole number from ${low} to ${high}`);
    }
    numbers[field] = number;
  }
  const { learningRate } = value;
  if (typeof learningRate !== 'number' || !(learningRate > 0 && learningRate <= 1)) {
    return fail('checkpointBadConfig', `config.learningRate ${show(learningRate)}, expected a number above 0, at most 1`);
  }
  if (numbers.dModel % numbers.heads !== 0) return fail('checkpointBadConfig', `config.dModel ${numbers.dModel} is not divisible by config.heads ${numbers.heads}`);
  const variant = value.variant;
  if (!isRecord(variant)) return fail('checkpointBadConfig', 'config.variant missing');
  for (const field of ['scaled', 'residual', 'tiedQK'] as const) {
    if (typeof variant[field] !== 'boolean') return fail('checkpointBadConfig', `config.variant.${field} ${show(variant[field])}, expected true or false`);
  }
  if (!TRAINING_NORMS.includes(variant.norm as TrainerVariant['norm'])) {
    return fail('checkpointBadConfig', `config.variant.norm ${show(variant.norm)}, expected one of ${TRAINING_NORMS.join(', ')}`);
  }
  const cleanVariant: TrainerVariant = { scaled: variant.scaled as boolean, norm: variant.norm as TrainerVariant['norm'], residual: variant.residual as boolean, tiedQK: variant.tiedQK as boolean };
  const { seed, length, layers, dModel, heads, batchSize } = numbers;
  return { value: { seed, length, layers, dModel, heads, learningRate, batchSize, variant: cleanVariant } };
}

function parseMetadata(json: Record<string, unknown>): Parsed<Pick<Checkpoint, 'steps' | 'createdBy' | 'heldOut'>> {
  const { steps, createdBy, heldOut } = json;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) return fail('checkpointWrongFormat', `steps ${show(steps)}, expected a whole number ≥ 0`);
  if (typeof createdBy !== 'string') return fail('checkpointWrongFormat', `createdBy ${show(createdBy)}, expected text`);
  if (!isRecord(heldOut)) return fail('checkpointWrongFormat', 'no heldOut object');
  const checks: [keyof HeldOutScore, (n: number) => boolean, string][] = [
    ['seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0'],
    ['size', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1'],
    ['loss', (n) => Number.isFinite(n) && n >= 0, 'a number ≥ 0'],
    ['token', (n) => n >= 0 && n <= 1, 'a fraction from 0 to 1'],
    ['sequence', (n) => n >= 0 && n <= 1, 'a fraction from 0 to 1'],
  ];
  for (const [field, valid, expected] of checks) {
    const number = heldOut[field];
    if (typeof number !== 'number' || !valid(number)) return fail('checkpointWrongFormat', `heldOut.${field} ${show(number)}, expected ${expected}`);
  }
  const score = heldOut as unknown as HeldOutScore;
  return { value: { steps, createdBy, heldOut: { seed: score.seed, size: score.size, loss: score.loss, token: score.token, sequence: score.sequence } } };
}

function parseWeights(value: unknown, config: TrainerConfig): Parsed<TrainerWeights> {
  if (!isRecord(value)) return fail('checkpointMissingWeight', 'no weights object');
  const expected = weightShapes(config);
  const known = new Set(expected.map(([name]) => name));
  const extra = Object.keys(value).find((name) => !known.has(name));
  if (extra !== undefined) return fail('checkpointMissingWeight', `${extra}: not a weight of this model`);
  const weights: TrainerWeights = {};
  for (const [name, shape] of expected) {
    const stored = value[name];
    if (stored === undefined) return fail('checkpointMissingWeight', `${name} missing`);
    if (!isRecord(stored)) return fail('checkpointBadData', `${name}: not a { shape, data } object`);
    const found = stored.shape;
    const sameShape = Array.isArray(found) && found.length === shape.length && found.every((n, i) => n === shape[i]);
    if (!sameShape) return fail('checkpointWrongShape', `${name}: shape ${Array.isArray(found) ? `[${found.map(show).join(', ')}]` : show(found)}, expected [${shape.join(', ')}]`);
    if (typeof stored.data !== 'string') return fail('checkpointBadData', `${name}: data is not base64 text`);
    const bytes = decodeBase64(stored.data);
    if (!bytes) return fail('checkpointBadData', `${name}: data is not valid base64`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (bytes.length !== count * 4) return fail('checkpointBadData', `${name}: ${bytes.length} bytes, expected ${count * 4} (${count} float32 values)`);
    const values = bytesToFloat32(bytes);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) return fail('checkpointBadData', `${name}: value ${bad} is ${values[bad]}`);
    if (isRunningStatistic(name) && name.endsWith('.variance')) {
      const negative = values.findIndex((v) => v < 0);
      if (negative >= 0) return fail('checkpointBadData', `${name}: value ${negative} is ${values[negative]}, a variance cannot be negative`);
    }
    weights[name] = values;
  }
  return { value: weights };
}
