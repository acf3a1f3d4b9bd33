// Test helper shared by the trainer's unit tests: the trainer's answer for a few sequences
// against the Float64 reference of its own current weights. Tolerances: probabilities and
// attention weights |float32 − float64| ≤ 1e-4, and the same predicted digits.
import { expect } from 'vitest';
import { trainingReference } from '../reference/trainingReference';
import { reverseTarget } from './reverseTask';
import type { Trainer } from './trainer';

export const CHECKED_SEQUENCES = [
  [3, 1, 4, 1, 5, 9],
  [0, 0, 0, 0, 0, 0],
  [9, 8, 7, 6, 5, 4],
];

const worstDifference = (measured: ArrayLike<number>, reference: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < measured.length; i++) worst = Math.max(worst, Math.abs(measured[i] - reference[i]));
  return worst;
};

export async function expectMatchesReference(trainer: Trainer): Promise<void> {
  const weights = await trainer.weights();
  const { config } = trainer;
  for (const input of CHECKED_SEQUENCES) {
    const shown = await trainer.inspect(input);
    const reference = trainingReference(config, weights, input, reverseTarget(input));
    expect(shown.attention.length).toBe(config.layers * config.heads * config.length * config.length);
    expect(worstDifference(shown.probabilities, reference.probabilities)).toBeLessThanOrEqual(1e-4);
    expect(worstDifference(shown.attention, reference.attention)).toBeLessThanOrEqual(1e-4);
    expect(shown.prediction).toEqual(reference.prediction);
  }
}
