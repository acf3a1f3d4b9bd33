// Trains the training lesson's model (the default config: d 32, 2 heads, 1 layer, T 6,
// lr 0.003, batch 64, the default variant) with TF.js on the cpu backend from a seed, until
// the held-out batch heldOutBatch(seed, 512, 6) is reversed right often enough, and writes
// the checkpoint the app ships (static/checkpoints/reverse-6.json).
//   npm run train-checkpoint [-- --seed N] [--steps N] [--target F] [--out PATH]
// --steps: a fixed number of steps instead; --target: the held-out sequence accuracy to
// stop at (0.99), checked every 50 steps. The same seed gives the same file on cpu.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tf } from '../src/model/tf';
import { DEFAULT_TRAINER_CONFIG, Trainer, type TrainerConfig } from '../src/training/trainer';
import { heldOutBatch } from '../src/training/reverseTask';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, serializeCheckpoint } from '../src/training/checkpoint';

const CHECK_EVERY = 50;
const HELD_OUT_SIZE = 512;
const MAX_STEPS = 5000;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function numberOption(name: string, fallback: number | undefined): number | undefined {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${name} ${text} is not a number`);
  return value;
}

const seed = numberOption('seed', 1)!;
const fixedSteps = numberOption('steps', undefined);
const target = numberOption('target', 0.99)!;
const out = option('out') ?? 'static/checkpoints/reverse-6.json';

await tf.setBackend('cpu');
await tf.ready();
const config: TrainerConfig = { ...DEFAULT_TRAINER_CONFIG, seed };
const trainer = new Trainer(config);
const held = heldOutBatch(seed, HELD_OUT_SIZE, config.length);
let trainingSeconds = 0;
let evaluation = await trainer.evaluate(held);
console.log(`seed ${seed}: start, held-out loss ${evaluation.loss.toFixed(4)}`);
const done = () => (fixedSteps !== undefined ? trainer.step >= fixedSteps : evaluation.sequence >= target || trainer.step >= MAX_STEPS);
while (!done()) {
  const count = fixedSteps !== undefined ? Math.min(CHECK_EVERY, fixedSteps - trainer.step) : CHECK_EVERY;
  const started = performance.now();
  await trainer.train(count);
  trainingSeconds += (performance.now() - started) / 1000;
  evaluation = await trainer.evaluate(held);
  const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(`step ${trainer.step}: held-out loss ${evaluation.loss.toFixed(4)}, digits ${percent(evaluation.token)}, sequences ${percent(evaluation.sequence)}`);
}
if (fixedSteps === undefined && evaluation.sequence < target) throw new Error(`no ${target} sequence accuracy after ${MAX_STEPS} steps`);

const args = [`--seed ${seed}`, ...(fixedSteps !== undefined ? [`--steps ${fixedSteps}`] : [`--target ${target}`])].join(' ');
const text = serializeCheckpoint({
  format: CHECKPOINT_FORMAT,
  version: CHECKPOINT_VERSION,
  config,
  steps: trainer.step,
  createdBy: `scripts/train-checkpoint.ts (npm run train-checkpoint -- ${args}), TF.js ${tf.version_core} cpu backend`,
  heldOut: { seed, size: HELD_OUT_SIZE, ...evaluation },
  weights: await trainer.weights(),
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
console.log(`${trainer.step} steps in ${trainingSeconds.toFixed(1)} s of training (${(trainer.step / trainingSeconds).toFixed(1)} steps/s on cpu); held-out loss ${evaluation.loss}, digits ${evaluation.token}, sequences ${evaluation.sequence}`);
console.log(`wrote ${out} (${text.length} bytes)`);
trainer.dispose();
