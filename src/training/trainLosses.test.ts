// The first 10 step losses of the training lesson's e2e runs (seed 2: run A the model, run B
// unscaled), as the trainer computes them on TF.js's CPU backend. The e2e compares every
// browser backend's steps with these (e2e/lessons/train.spec.ts), so a GPU backend with wrong
// gradients shows. This test keeps the file equal to what the trainer computes now:
// UPDATE_TRAIN_LOSSES=1 npx vitest run src/training/trainLosses.test.ts rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { tf } from '../model/tf';
import { Trainer } from './trainer';
import { ablationVariant, runConfig } from '../lessons/trainingReadouts';

const FILE = new URL('../../e2e/lessons/trainLosses.json', import.meta.url);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

it('e2e/lessons/trainLosses.json holds the first 10 losses the trainer takes on the CPU (seed 2)', async () => {
  const computed: Record<string, number[]> = {};
  for (const ablation of ['none', 'unscaled'] as const) {
    const trainer = new Trainer(runConfig(2, ablationVariant(ablation)));
    computed[ablation] = (await trainer.train(10)).losses;
    trainer.dispose();
  }
  if (process.env.UPDATE_TRAIN_LOSSES) writeFileSync(FILE, `${JSON.stringify(computed, null, 2)}\n`);
  expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(computed);
  // The two runs differ from the first step on (a real ablation), and both learn.
  expect(computed.none[0]).not.toBe(computed.unscaled[0]);
  expect(computed.none[9]).toBeLessThan(computed.none[0]);
});
