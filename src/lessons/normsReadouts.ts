// Pure helpers of the norms lesson: the padded batch and the "did sentence 1 change" readout.
import { tokenize } from '../model/tokenizer';

export const DEFAULT_SENTENCES = ['大模型是个潜力股', '我爱学习', '注意力'];
export const MIN_SENTENCES = 1;
export const MAX_SENTENCES = 6;
/** Longest sentence kept, in characters (the padded length is the longest one, at least 1). */
export const MAX_SENTENCE_LENGTH = 24;

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
