// The shipped checkpoint run as the playground's model (TF.js cpu backend in Node): it is
// the same function as the trainer that made it (attention maps and probabilities), every
// intermediate matches the Float64 reference, and it reverses digits it was never shown.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../model/tf';
import { TransformerModel } from '../model/transformer';
import { listTraceTensors, type ForwardRequest } from '../model/trace';
import { referenceForward } from '../reference/referenceTransformer';
import { compareTraces } from '../reference/compareTraces';
import { validateConfig } from '../model/config';
import { parseCheckpoint, type Checkpoint } from './checkpoint';
import { mostLikelyDigits, trainedModelConfig, trainedModelWeights } from './playgroundModel';
import { reverseTarget } from './reverseTask';
import { Trainer } from './trainer';

const FILE = new URL('../../static/checkpoints/reverse-6.json', import.meta.url);

function shipped(): Checkpoint {
  const result = parseCheckpoint(readFileSync(FILE, 'utf8'));
  if (!('checkpoint' in result)) throw new Error(`${result.error.key}: ${result.error.detail}`);
  return result.checkpoint;
}

describe('the trained checkpoint as the playground model', () => {
  const model = new TransformerModel();
  const checkpoint = shipped();
  const config = trainedModelConfig(checkpoint);
  const weights = trainedModelWeights(checkpoint);
  const requestFor = (digits: string): ForwardRequest => ({ config, tokens: [...digits], isPadding: Array(digits.length).fill(false), weights });

  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  afterAll(() => model.dispose());

  it('has a config the playground accepts', () => {
    expect(validateConfig(config)).toEqual([]);
    expect(config).toMatchObject({ dModel: 32, numHeads: 2, seqLen: 6, numLayers: 1 });
  });

  for (const digits of ['314159', '000000', '123456', '907335']) {
    it(`${digits}: the trainer's function, the reference's numbers, the reversed answer`, async () => {
      const request = requestFor(digits);
      const { trace, nonFiniteCount } = await model.forward(request);
      expect(nonFiniteCount).toBe(0);
      expect(trace.prediction?.shape).toEqual([6, 10]);

      // Every intermediate, and the prediction, against Float64 (tolerances of compareTraces).
      const reference = referenceForward(request, weights);
      const rows = compareTraces(trace, reference);
      expect(rows.length).toBe(listTraceTensors(reference).length);
      expect(rows.map((row) => row.name)).toContain('prediction');
      for (const row of rows) expect.soft(row.maxAbsError, row.name).toBeLessThanOrEqual(row.tolerance);

      // The same model the training lesson trained: its attention and probabilities.
      const trainer = new Trainer(checkpoint.config, checkpoint.weights);
      try {
        const inspection = await trainer.inspect([...digits].map(Number));
        const attention = trace.layers[0].attentionWeights.data;
        for (let i = 0; i < attention.length; i++) expect(Math.abs(attention[i] - inspection.attention[i])).toBeLessThanOrEqual(1e-5);
        for (let i = 0; i < inspection.probabilities.length; i++) expect(Math.abs(trace.prediction!.data[i] - inspection.probabilities[i])).toBeLessThanOrEqual(1e-5);
      } finally {
        trainer.dispose();
      }

      const answer = mostLikelyDigits(reference.prediction!.data, 6).map((entry) => entry.digit);
      expect(answer).toEqual(reverseTarget([...digits].map(Number)));
    });
  }

  it('refuses a token outside its vocabulary, and leaks no tensors', async () => {
    await model.forward(requestFor('314159'));
    const before = tf.memory().numTensors;
    await expect(model.forward({ ...requestFor('31415x') })).rejects.toThrow(/vocabulary/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('switches back to seeded weights when a request has none', async () => {
    const { weights: _trained, ...seeded } = requestFor('314159');
    const { trace } = await model.forward(seeded);
    expect(trace.prediction).toBeUndefined();
    expect(compareTraces(trace, referenceForward(seeded, (await import('../model/weights')).createWeights(config.seed, 32, 1))).every((row) => row.maxAbsError <= row.tolerance)).toBe(true);
  });
});
