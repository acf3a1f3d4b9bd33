// The training lesson's runs with a stand-in worker: a run the page no longer shows (the
// ablation went back to none) and the runs of a closed lesson are freed in the worker.
import { describe, expect, it } from 'vitest';
import { TrainingLab } from './trainingLab.svelte';
import type { ModelClient } from '../state/modelClient';
import type { TrainCallInput } from '../training/trainingCall';

function fakeClient() {
  const trainedRuns: string[] = [];
  const disposed: string[][] = [];
  const client = {
    train: async (_backend: unknown, input: TrainCallInput) => {
      trainedRuns.push(input.run);
      return {
        backend: { name: 'cpu' },
        result: {
          run: input.run, fresh: input.reset, step: 0, losses: [], msPerStep: null,
          heldOut: { token: 0.5, sequence: 0.1, loss: 2 }, probe: {}, weights: {},
        },
      };
    },
    trainDispose: async (input: { runs: string[] }) => void disposed.push(input.runs),
  } as unknown as ModelClient;
  return { client, trainedRuns, disposed };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('training lab (page side)', () => {
  it('an ablation turned off frees run B in the worker; closing the lesson frees run A', async () => {
    const worker = fakeClient();
    const lab = new TrainingLab(() => worker.client, () => 'cpu');
    lab.setup(1, 'unscaled', [1, 2, 3]);
    await settle();
    expect(worker.trainedRuns).toEqual(['A', 'B']);
    lab.setup(1, 'none', [1, 2, 3]);
    await settle();
    expect(worker.disposed).toEqual([['B']]);
    expect(lab.runs.map((run) => run.id)).toEqual(['A']);
    lab.destroy();
    await settle();
    expect(worker.disposed).toEqual([['B'], ['A']]);
  });

  it('another seed keeps the same run ids: nothing is freed early, the worker starts them again', async () => {
    const worker = fakeClient();
    const lab = new TrainingLab(() => worker.client, () => 'cpu');
    lab.setup(1, 'tied', [1, 2, 3]);
    await settle();
    lab.setup(2, 'tied', [1, 2, 3]);
    await settle();
    expect(worker.disposed).toEqual([]);
    expect(worker.trainedRuns).toEqual(['A', 'B', 'A', 'B']);
  });
});
