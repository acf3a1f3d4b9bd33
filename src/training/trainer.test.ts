// The trainer (TF.js, cpu backend, in Node) against the Float64 reference of its forward
// pass, and a short seeded run that must learn. Tolerances: probabilities and attention
// weights |float32 − float64| ≤ 1e-4 (one or two layers of d = 32); the loss relative 1e-4.
// Learning bound: after 120 Adam steps (batch 64, lr 0.003, seed 1) the held-out loss is
// under 1.0 (it starts at 2.9, chance being ln 10 = 2.30) and over 70 % of digits are right; measured
// here: 0.47 and 85 % after 100 steps, 100 % of sequences after 250. A check of learning,
// not of time.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../model/tf';
import { CHECKED_SEQUENCES as SEQUENCES, expectMatchesReference } from './trainerReferenceCheck';
import { DEFAULT_TRAINER_CONFIG, initialWeights, Trainer, weightShapes, type TrainerConfig } from './trainer';
import { heldOutBatch, reverseTarget } from './reverseTask';
import { trainingReference } from '../reference/trainingReference';



describe('trainer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('starts from seeded weights of the stated shapes', () => {
    const config: TrainerConfig = { ...DEFAULT_TRAINER_CONFIG, layers: 2 };
    const weights = initialWeights(config);
    for (const [name, shape] of weightShapes(config)) expect(weights[name].length, name).toBe(shape.reduce((a, b) => a * b, 1));
    expect(initialWeights(config).embedding).toEqual(weights.embedding);
    expect(initialWeights({ ...config, seed: 2 }).embedding).not.toEqual(weights.embedding);
    expect(weights['layers.1.ffn1Bias'].every((v) => v === 0)).toBe(true);
  });

  it('forward pass at the start matches the Float64 reference (1 and 2 layers)', async () => {
    for (const layers of [1, 2]) {
      const trainer = new Trainer({ ...DEFAULT_TRAINER_CONFIG, layers });
      await expectMatchesReference(trainer);
      const held = heldOutBatch(1, 8, 6);
      const evaluation = await trainer.evaluate(held);
      const weights = await trainer.weights();
      let loss = 0;
      for (let row = 0; row < 8; row++) {
        const input = Array.from(held.inputs.subarray(row * 6, row * 6 + 6));
        loss += trainingReference(trainer.config, weights, input, reverseTarget(input)).loss / 8;
      }
      expect(Math.abs(evaluation.loss - loss) / loss).toBeLessThanOrEqual(1e-4);
      trainer.dispose();
    }
  });

  it('the same seed gives the same run; training leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const a = new Trainer(DEFAULT_TRAINER_CONFIG);
    const b = new Trainer(DEFAULT_TRAINER_CONFIG);
    const afterCreate = tf.memory().numTensors;
    const lossesA = (await a.train(5)).losses;
    const lossesB = (await b.train(5)).losses;
    expect(lossesB).toEqual(lossesA);
    await a.inspect(SEQUENCES[0]);
    await a.evaluate(heldOutBatch(1, 16, 6));
    await a.train(1);
    // Adam's moment estimates appear with the first step; after that, nothing grows.
    const settled = tf.memory().numTensors;
    await a.train(3);
    await a.inspect(SEQUENCES[1]);
    expect(tf.memory().numTensors).toBe(settled);
    expect(afterCreate).toBeGreaterThan(before);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns to reverse: 120 seeded steps bring the held-out loss under 1.0, and the reference agrees with the trained model', async () => {
    const trainer = new Trainer(DEFAULT_TRAINER_CONFIG);
    const held = heldOutBatch(1, 256, 6);
    const start = await trainer.evaluate(held);
    // Untrained: about chance (ln 10 = 2.30 for a uniform guess; random weights are a little worse).
    expect(start.loss).toBeGreaterThan(2);
    expect(start.token).toBeLessThan(0.2);
    const report = await trainer.train(120);
    expect(report.step).toBe(120);
    expect(report.losses).toHaveLength(120);
    const end = await trainer.evaluate(held);
    console.log(`reverse task: held-out loss ${start.loss.toFixed(3)} → ${end.loss.toFixed(3)}, digits right ${(100 * end.token).toFixed(1)} %, sequences ${(100 * end.sequence).toFixed(1)} %`);
    expect(end.loss).toBeLessThan(1.0);
    expect(end.token).toBeGreaterThan(0.7);
    await expectMatchesReference(trainer);
    trainer.dispose();
  }, 300_000);
});
