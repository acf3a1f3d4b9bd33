// The model's configuration, its allowed ranges and validation.
// The same ranges drive the sliders and the URL codec, so a link can never reach a
// state the controls cannot.

export type MaskMode = 'none' | 'causal' | 'padding' | 'custom';
/** Which projections share one matrix: none (W_Q, W_K, W_V separate), W_Q = W_K, or all three. */
export type TieMode = 'none' | 'qk' | 'qkv';

export interface ModelConfig {
  /** Width of every token vector (d_model). */
  dModel: number;
  /** Number of attention heads h; d_k = d_model / h. */
  numHeads: number;
  /** Number of token positions n: text is truncated or padded to this length. */
  seqLen: number;
  /** Number of transformer blocks. */
  numLayers: number;
  /** Divide QKᵀ by √d_k before the softmax. */
  scaleScores: boolean;
  /** custom: the mask painted by hand, sent with the request (ForwardRequest.customMask). */
  mask: MaskMode;
  /** Tie projections (the "why three projections" lesson): W_K := W_Q, and W_V := W_Q for qkv. */
  tie: TieMode;
  /** Add the sinusoidal positional encoding to the embeddings (off: the model is blind to word order). */
  positional: boolean;
  /** Seed of every weight; same seed → same numbers on every backend. */
  seed: number;
}

export const D_MODEL_CHOICES = [8, 16, 32, 64, 128, 256, 512] as const;
export const HEAD_CHOICES = [1, 2, 4, 8, 16] as const;
export const MASK_MODES: readonly MaskMode[] = ['none', 'causal', 'padding', 'custom'];
export const TIE_MODES: readonly TieMode[] = ['none', 'qk', 'qkv'];
export const SEQ_LEN_RANGE = { min: 1, max: 512 } as const;
export const LAYER_RANGE = { min: 1, max: 6 } as const;
export const SEED_RANGE = { min: 0, max: 0xffffffff } as const;

/** Feed-forward width, the usual 4 × d_model. */
export const ffnWidth = (dModel: number): number => 4 * dModel;
/** Per-head width d_k. */
export const headWidth = (config: Pick<ModelConfig, 'dModel' | 'numHeads'>): number =>
  config.dModel / config.numHeads;

/** Base of the sinusoidal positional encoding, as in "Attention Is All You Need". */
export const POSITIONAL_BASE = 10000;
/** LayerNorm's ε inside the square root. */
export const LAYER_NORM_EPSILON = 1e-5;
/**
 * Added to the score of a masked position before the softmax. Large enough that
 * exp(score + MASK_VALUE − rowMax) underflows to exactly 0 in float32, yet finite in
 * float16 (max 65504), where −1e9 would become −Infinity and a fully masked row NaN.
 */
export const MASK_VALUE = -1e4;

export const DEFAULT_CONFIG: ModelConfig = {
  dModel: 64,
  numHeads: 4,
  seqLen: 8,
  numLayers: 2,
  scaleScores: true,
  mask: 'none',
  tie: 'none',
  positional: true,
  seed: 42,
};

/** Head counts that divide d_model (only these are selectable). */
export function validHeadCounts(dModel: number): number[] {
  return HEAD_CHOICES.filter((h) => h <= dModel && dModel % h === 0);
}

export type ConfigProblem = { field: keyof ModelConfig; message: string };

const isInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value);

/** Every reason this config cannot run, in words a student can act on; empty when valid. */
export function validateConfig(config: ModelConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { dModel, numHeads, seqLen, numLayers, seed } = config;
  if (!isInteger(dModel) || !(D_MODEL_CHOICES as readonly number[]).includes(dModel)) {
    problems.push({
      field: 'dModel',
      message: `d_model must be one of ${D_MODEL_CHOICES.join(', ')} (got ${String(dModel)})`,
    });
  }
  if (!isInteger(numHeads) || !(HEAD_CHOICES as readonly number[]).includes(numHeads)) {
    problems.push({
      field: 'numHeads',
      message: `heads must be one of ${HEAD_CHOICES.join(', ')} (got ${String(numHeads)})`,
    });
  } else if (isInteger(dModel) && dModel % numHeads !== 0) {
    problems.push({
      field: 'numHeads',
      message: `heads (${numHeads}) must divide d_model (${dModel}) so that every head gets d_k = d_model / h columns`,
    });
  }
  if (!isInteger(seqLen) || seqLen < SEQ_LEN_RANGE.min || seqLen > SEQ_LEN_RANGE.max) {
    problems.push({
      field: 'seqLen',
      message: `sequence length must be a whole number from ${SEQ_LEN_RANGE.min} to ${SEQ_LEN_RANGE.max} (got ${String(seqLen)})`,
    });
  }
  if (!isInteger(numLayers) || numLayers < LAYER_RANGE.min || numLayers > LAYER_RANGE.max) {
    problems.push({
      field: 'numLayers',
      message: `layers must be a whole number from ${LAYER_RANGE.min} to ${LAYER_RANGE.max} (got ${String(numLayers)})`,
    });
  }
  if (typeof config.scaleScores !== 'boolean') {
    problems.push({ field: 'scaleScores', message: 'scaling must be on or off' });
  }
  if (!MASK_MODES.includes(config.mask)) {
    problems.push({
      field: 'mask',
      message: `mask must be one of ${MASK_MODES.join(', ')} (got ${String(config.mask)})`,
    });
  }
  if (typeof config.positional !== 'boolean') {
    problems.push({ field: 'positional', message: 'positional encoding must be on or off' });
  }
  if (!TIE_MODES.includes(config.tie)) {
    problems.push({ field: 'tie', message: `tie must be one of ${TIE_MODES.join(', ')} (got ${String(config.tie)})` });
  }
  if (!isInteger(seed) || seed < SEED_RANGE.min || seed > SEED_RANGE.max) {
    problems.push({
      field: 'seed',
      message: `seed must be a whole number from 0 to ${SEED_RANGE.max} (got ${String(seed)})`,
    });
  }
  return problems;
}
