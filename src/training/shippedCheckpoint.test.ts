// The checkpoint the app ships (static/checkpoints/reverse-6.json, written by
// scripts/train-checkpoint.ts): it parses, a trainer built from it on the cpu backend scores
// what the file records on the recorded held-out batch (loss relative 1e-4, accuracies
// within one sequence), and the Float64 reference gives the same loss and predictions.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../model/tf';
import { trainingReference } from '../reference/trainingReference';
import { parseCheckpoint } from './checkpoint';
import { accuracy, heldOutBatch, reverseTarget } from './reverseTask';
import { Trainer } from './trainer';

const FILE = new URL('../../static/checkpoints/reverse-6.json', import.meta.url);

describe('shipped checkpoint', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('reproduces its recorded held-out score, and the Float64 reference agrees', async () => {
    const result = parseCheckpoint(readFileSync(FILE, 'utf8'));
    if (!('checkpoint' in result)) throw new Error(`${result.error.key}: ${result.error.detail}`);
    const { config, weights, heldOut } = result.checkpoint;
    // What the app promises of it: the reverse task solved on ≥ 99 % of held-out sequences.
    expect(heldOut.sequence).toBeGreaterThanOrEqual(0.99);
    const held = heldOutBatch(heldOut.seed, heldOut.size, config.length);
    const trainer = new Trainer(config, weights);
    const evaluation = await trainer.evaluate(held);
    expect(Math.abs(evaluation.loss - heldOut.loss) / heldOut.loss).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(evaluation.sequence - heldOut.sequence)).toBeLessThanOrEqual(1 / heldOut.size);
    expect(Math.abs(evaluation.token - heldOut.token)).toBeLessThanOrEqual(1 / heldOut.size);

    // The whole held-out batch through the Float64 reference.
    const T = config.length;
    const predicted = new Int32Array(held.inputs.length);
    let loss = 0;
    for (let row = 0; row < held.size; row++) {
      const input = Array.from(held.inputs.subarray(row * T, row * T + T));
      const reference = trainingReference(config, weights, input, reverseTarget(input));
      predicted.set(reference.prediction, row * T);
      loss += reference.loss / held.size;
      if (row < 8) expect((await trainer.inspect(input)).prediction, `sequence ${row}`).toEqual(reference.prediction);
    }
    const referenceScore = accuracy(predicted, held.targets, T);
    expect(Math.abs(loss - heldOut.loss) / heldOut.loss).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(referenceScore.sequence - heldOut.sequence)).toBeLessThanOrEqual(1 / heldOut.size);
    trainer.dispose();
  });
});
