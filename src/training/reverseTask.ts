// The live-training task: reverse a short sequence of digits ("3 1 4 1 5 9" → "9 5 1 4 1 3").
// Output position i must copy input position T − 1 − i, so the model can only solve it by
// routing information with attention: a trained head's map becomes the anti-diagonal.
// Pure (no TF.js): the batches are seeded, so a run can be repeated from its seed.
import { streamSeed, uniformGenerator } from '../model/random';

/** Digits 0–9. */
export const VOCABULARY = 10;

export interface Batch {
  /** size × length digits, row-major. */
  inputs: Int32Array;
  /** The targets: each row reversed. */
  targets: Int32Array;
  size: number;
  length: number;
}

/** The digit each position's probabilities favour most (the first on a tie), from [positions, 10] row-major. */
export function mostLikelyDigits(probabilities: ArrayLike<number>, positions: number): { digit: number; probability: number }[] {
  return Array.from({ length: positions }, (_, i) => {
    let digit = 0;
    for (let k = 1; k < VOCABULARY; k++) if (probabilities[i * VOCABULARY + k] > probabilities[i * VOCABULARY + digit]) digit = k;
    return { digit, probability: probabilities[i * VOCABULARY + digit] };
  });
}

/** The target of one sequence: its reverse. */
export function reverseTarget(input: readonly number[]): number[] {
  return [...input].reverse();
}

/** An endless, seeded stream of training batches (the same seed gives the same batches). */
export function batchStream(seed: number, size: number, length: number): () => Batch {
  const uniform = uniformGenerator(streamSeed(seed, 'train.batches'));
  return () => randomBatch(uniform, size, length);
}

/** A fixed held-out batch for measuring accuracy, independent of the training stream. */
export function heldOutBatch(seed: number, size: number, length: number): Batch {
  return randomBatch(uniformGenerator(streamSeed(seed, 'train.heldOut')), size, length);
}

function randomBatch(uniform: () => number, size: number, length: number): Batch {
  const inputs = new Int32Array(size * length);
  const targets = new Int32Array(size * length);
  for (let row = 0; row < size; row++) {
    for (let i = 0; i < length; i++) inputs[row * length + i] = Math.floor(uniform() * VOCABULARY);
    for (let i = 0; i < length; i++) targets[row * length + i] = inputs[row * length + length - 1 - i];
  }
  return { inputs, targets, size, length };
}

/** Per-digit and whole-sequence accuracy of predicted digits against the targets. */
export function accuracy(predicted: ArrayLike<number>, targets: ArrayLike<number>, length: number): { token: number; sequence: number } {
  const rows = targets.length / length;
  let tokens = 0;
  let sequences = 0;
  for (let row = 0; row < rows; row++) {
    let all = true;
    for (let i = 0; i < length; i++) {
      const right = predicted[row * length + i] === targets[row * length + i];
      if (right) tokens++;
      else all = false;
    }
    if (all) sequences++;
  }
  return { token: tokens / targets.length, sequence: sequences / rows };
}

/**
 * Digits typed by a user, for the prediction panel: exactly `length` digits 0–9 (spaces
 * and commas ignored), or an error key saying what is wrong.
 */
export function parseDigits(text: string, length: number): { digits: number[] } | { error: 'trainDigitsOnly' | 'trainDigitsCount' } {
  const cleaned = text.replace(/[\s,，、]/g, '');
  if (!/^[0-9]*$/.test(cleaned)) return { error: 'trainDigitsOnly' };
  if (cleaned.length !== length) return { error: 'trainDigitsCount' };
  return { digits: [...cleaned].map(Number) };
}
