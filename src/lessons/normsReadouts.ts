// Pure helpers of the norms lesson: the padded batch, the training setup of BatchNorm's
// running statistics, which tokens a statistic mixes, and the "did sentence 1 change" readout.
import { displayToken, tokenize } from '../model/tokenizer';
import type { RunningStatisticsSetup } from '../model/normsProbe';

export const DEFAULT_SENTENCES = ['大模型是个潜力股', '我爱学习', '注意力'];
export const MIN_SENTENCES = 1;
export const MAX_SENTENCES = 6;
/** Longest sentence kept, in characters (the padded length is the longest one, at least 1). */
export const MAX_SENTENCE_LENGTH = 24;
/** The sentence boxes' maxlength (UTF-16 code units, as the browser counts); the URL accepts no longer ones. */
export const MAX_SENTENCE_INPUT = 48;

/**
 * The batches BatchNorm "saw during training", for its running statistics: the default
 * batch and three variants, fixed, so the running statistics do not depend on what is
 * typed in the lesson (that is the point of inference mode).
 */
export const TRAINING_BATCHES: readonly (readonly string[])[] = [
  DEFAULT_SENTENCES,
  ['我爱学习', '大模型是个潜力股', '今天天气很好'],
  ['注意力就是你需要的', '我爱学习', '潜力股'],
  ['学习大模型', '我爱注意力机制', '今天很好'],
];
/** Momentum of the moving average, as PyTorch's BatchNorm default (Keras: 1 − 0.99). */
export const BATCH_NORM_MOMENTUM = 0.1;
/** Passes over TRAINING_BATCHES: 40 steps leave 0.9⁴⁰ ≈ 1.5 % of the initial μ = 0, σ² = 1. */
export const TRAINING_PASSES = 10;

/** Sentences that "Change sentence 2" puts in turn (any other edit works the same way). */
export const DEMO_REPLACEMENTS = ['我恨学习', '今天天气很好', '我爱学习呀', '我爱学习'];

export interface PaddedBatch {
  sentences: string[][];
  isPadding: boolean[][];
  positions: number;
}

/** Each sentence as character tokens, padded with <pad> to the longest one. */
export function padBatch(texts: readonly string[]): PaddedBatch {
  const lengths = texts.map((text) => Math.min(tokenize(text, MAX_SENTENCE_LENGTH).textLength, MAX_SENTENCE_LENGTH));
  const positions = Math.max(1, ...lengths);
  const tokenized = texts.map((text) => tokenize(text, positions));
  return { sentences: tokenized.map((t) => t.tokens), isPadding: tokenized.map((t) => t.isPadding), positions };
}

/** The running-statistics setup handed to the probe. */
export function trainingSetup(): RunningStatisticsSetup {
  return {
    batches: TRAINING_BATCHES.map((texts) => {
      const { sentences, isPadding } = padBatch(texts);
      return { sentences, isPadding };
    }),
    passes: TRAINING_PASSES,
    momentum: BATCH_NORM_MOMENTUM,
  };
}

/** The next sentence 2 for the demo button: the replacement after the current text. */
export function nextReplacement(current: string): string {
  const index = DEMO_REPLACEMENTS.indexOf(current);
  return DEMO_REPLACEMENTS[(index + 1) % DEMO_REPLACEMENTS.length];
}

/** Token indices (into the B·n tokens) of one sentence's real tokens, or of one token. */
export function selectedTokens(batch: PaddedBatch, sentence: number, position: number | null): number[] {
  if (position !== null) return [sentence * batch.positions + position];
  return batch.isPadding[sentence].flatMap((padding, p) => (padding ? [] : [sentence * batch.positions + p]));
}

export interface MixedTokens {
  realCount: number;
  paddingCount: number;
  /** Whether the padding is in the statistics. */
  paddingIncluded: boolean;
  /** A few distinct characters of the real tokens, sentence by sentence. */
  examples: string[];
  /** Whether there are more distinct characters than the examples list. */
  more: boolean;
}

/** What BatchNorm mixes into every channel's statistics: all real tokens, and padding unless excluded. */
export function mixedTokens(batch: PaddedBatch, excludePadding: boolean, exampleCount = 8): MixedTokens {
  const paddingCount = batch.isPadding.flat().filter(Boolean).length;
  const realCount = batch.isPadding.flat().length - paddingCount;
  // Position by position across the sentences, so 「大」 and 「我」 both show up early.
  const examples: string[] = [];
  for (let p = 0; p < batch.positions; p++) {
    batch.sentences.forEach((tokens, b) => {
      if (!batch.isPadding[b][p]) examples.push(displayToken(tokens[p]));
    });
  }
  return {
    realCount,
    paddingCount,
    paddingIncluded: !excludePadding && paddingCount > 0,
    examples: [...new Set(examples)].slice(0, exampleCount),
    more: new Set(examples).size > exampleCount,
  };
}

/** Columns of the wrapped BatchNorm map: the smallest divisor of d at least √d (64 → 8 × 8). */
export function channelGridColumns(dModel: number): number {
  for (let columns = Math.ceil(Math.sqrt(dModel)); columns < dModel; columns++) if (dModel % columns === 0) return columns;
  return Math.max(dModel, 1);
}

/** The values of the given tokens (all their channels), for a histogram. */
export function gatherTokens(values: ArrayLike<number>, dModel: number, tokens: readonly number[]): Float32Array {
  const out = new Float32Array(tokens.length * dModel);
  tokens.forEach((token, i) => {
    for (let c = 0; c < dModel; c++) out[i * dModel + c] = values[token * dModel + c];
  });
  return out;
}

/** What changed between two batches that share sentence 1: one sentence, or the batch size. */
export type BatchEdit = { kind: 'sentence'; index: number; before: string; after: string } | { kind: 'size'; before: number; after: number } | { kind: 'several' };

export function describeEdit(before: readonly string[], after: readonly string[]): BatchEdit {
  if (before.length !== after.length) return { kind: 'size', before: before.length, after: after.length };
  const changed = before.flatMap((text, index) => (text === after[index] ? [] : [index]));
  if (changed.length === 1) return { kind: 'sentence', index: changed[0], before: before[changed[0]], after: after[changed[0]] };
  return { kind: 'several' };
}

/** max |a − b| over the first `length` values (sentence 1's block); 0 when either is missing. */
export function maxAbsDifference(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined, length: number): number {
  if (!a || !b) return 0;
  let largest = 0;
  for (let i = 0; i < length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  return largest;
}

/** A number for the screen: never NaN or ±∞ text. */
export function formatValue(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  return Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toFixed(digits);
}
