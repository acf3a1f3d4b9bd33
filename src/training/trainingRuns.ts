// The model worker's side of live training: one Trainer per run id, kept between calls so
// a run goes on where it stopped. A run is created again when the page asks for a reset,
// when its config changed, or when the backend it lived on is no longer the active one (a
// backend switch or a lost device): the page sees `fresh` and starts its curves again.
import { tf } from '../model/tf';
import { heldOutBatch, type Batch } from './reverseTask';
import { Trainer } from './trainer';
import type { TrainCallInput, TrainCallResult, TrainDisposeInput } from './trainingCall';

interface Entry {
  trainer: Trainer;
  key: string;
  /** The backend instance its tensors live on (a restarted device is a new instance). */
  backend: object;
}

export class TrainingRuns {
  private readonly runs = new Map<string, Entry>();
  private heldOut: { key: string; batch: Batch } | null = null;

  async train(input: TrainCallInput): Promise<TrainCallResult> {
    const key = JSON.stringify(input.config);
    const backend = tf.backend();
    let entry = this.runs.get(input.run);
    const fresh = input.reset || !entry || entry.key !== key || entry.backend !== backend;
    if (fresh) {
      this.drop(input.run);
      entry = { trainer: new Trainer(input.config, input.weights), key, backend };
      this.runs.set(input.run, entry);
    }
    const { trainer } = entry!;
    const started = performance.now();
    const report = input.steps > 0 ? await trainer.train(input.steps) : { step: trainer.step, losses: [] };
    const msPerStep = input.steps > 0 ? (performance.now() - started) / input.steps : null;
    const [heldOut, probe, weights] = await Promise.all([trainer.evaluate(this.heldOutBatch(input)), trainer.inspect(input.probe), trainer.weights()]);
    return { run: input.run, fresh, step: report.step, losses: report.losses, msPerStep, heldOut, probe, weights };
  }

  dispose(input: TrainDisposeInput): void {
    for (const run of input.runs) this.drop(run);
  }

  private drop(run: string): void {
    const entry = this.runs.get(run);
    if (!entry) return;
    this.runs.delete(run);
    try {
      entry.trainer.dispose();
    } catch {
      // Its tensors may sit on a lost device; they go away with it.
    }
  }

  private heldOutBatch(input: TrainCallInput): Batch {
    const key = `${input.heldOut.seed}/${input.heldOut.size}/${input.config.length}`;
    if (this.heldOut?.key !== key) this.heldOut = { key, batch: heldOutBatch(input.heldOut.seed, input.heldOut.size, input.config.length) };
    return this.heldOut.batch;
  }
}
