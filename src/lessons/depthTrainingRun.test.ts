// The page's side of the depth training run with a stand-in worker: chunks in turn, cancel
// stops asking, a fresh chunk replaces the curves, a failure is reported.
import { describe, expect, it } from 'vitest';
import { DepthTrainingRun, merge, type DepthTrainingProgress } from './depthTrainingRun';
import type { DepthTrainingChunk, DepthTrainingChunkInput, DepthTrainingInput } from '../model/depthTraining';

const SETUP: DepthTrainingInput = { seed: 1, depth: 4, width: 8, gain: 1, activation: 'tanh', norm: 'none', steps: 4, learningRate: 0.1 };

/** A worker that takes one step a call and answers when told to. */
function fakeWorker() {
  const calls: DepthTrainingChunkInput[] = [];
  const waiting: (() => void)[] = [];
  let step = 0;
  const chunk = (input: DepthTrainingChunkInput) =>
    new Promise<DepthTrainingChunk>((resolve) => {
      calls.push(input);
      waiting.push(() => {
        const from = step;
        step++;
        const done = step >= input.setup.steps;
        const losses = done ? [10 - from, 10 - step] : [10 - from];
        resolve({ run: input.run, fresh: from === 0, from, residual: losses, plain: losses.map((v) => v / 10), step, done, backend: 'cpu' });
      });
    });
  return { calls, chunk, answer: async () => { waiting.shift()!(); await new Promise((r) => setTimeout(r, 5)); } };
}

describe('depth training run (page side)', () => {
  it('asks for the next chunk only after the previous one answered, until done', async () => {
    const worker = fakeWorker();
    const seen: DepthTrainingProgress[] = [];
    const run = new DepthTrainingRun(worker.chunk, () => {}, (progress) => seen.push(progress));
    run.start(SETUP, 'k');
    expect(worker.calls).toHaveLength(1);
    await worker.answer();
    expect(worker.calls).toHaveLength(2);
    expect(seen.at(-1)).toMatchObject({ step: 1, state: 'running', residual: [10] });
    for (let i = 0; i < 3; i++) await worker.answer();
    expect(worker.calls).toHaveLength(4);
    expect(seen.at(-1)).toMatchObject({ step: 4, state: 'done', residual: [10, 9, 8, 7, 6], key: 'k' });
    expect(run.running).toBe(false);
  });

  it('cancel: the answer in flight is dropped, no further chunk is asked for, the worker is told to free the run', async () => {
    const worker = fakeWorker();
    let released = 0;
    const seen: DepthTrainingProgress[] = [];
    const run = new DepthTrainingRun(worker.chunk, () => released++, (progress) => seen.push(progress));
    run.start(SETUP, 'k');
    await worker.answer();
    run.cancel();
    expect(seen.at(-1)).toMatchObject({ step: 1, state: 'cancelled' });
    await worker.answer();
    expect(worker.calls).toHaveLength(2);
    expect(seen.at(-1)).toMatchObject({ step: 1, state: 'cancelled' });
    expect(released).toBe(1);
    run.cancel();
    expect(released).toBe(1);
  });

  it('cancel between two chunks (while the page paints): no further chunk is asked for, so the worker does not start the run again', async () => {
    const worker = fakeWorker();
    let released = 0;
    const run = new DepthTrainingRun(worker.chunk, () => released++, () => {});
    run.start(SETUP, 'k');
    worker.answer(); // not awaited: the answer is taken in this turn, the next chunk waits for a later task
    await Promise.resolve();
    await Promise.resolve();
    run.cancel();
    await new Promise((r) => setTimeout(r, 5));
    expect(worker.calls).toHaveLength(1);
    expect(released).toBe(1);
  });

  it('a new run replaces one waiting between chunks: only the new run asks for chunks', async () => {
    const worker = fakeWorker();
    const run = new DepthTrainingRun(worker.chunk, () => {}, () => {});
    run.start(SETUP, 'first');
    worker.answer();
    await Promise.resolve();
    await Promise.resolve();
    run.start(SETUP, 'second');
    await new Promise((r) => setTimeout(r, 5));
    expect(worker.calls.map((call) => call.run)).toEqual([worker.calls[0].run, worker.calls[0].run + 1]);
  });

  it('a failed chunk ends the run with its reason, and the worker is told to free what it made of it', async () => {
    const seen: DepthTrainingProgress[] = [];
    let released = 0;
    const run = new DepthTrainingRun(() => Promise.reject(new Error('lost')), () => released++, (progress) => seen.push(progress));
    run.start(SETUP, 'k');
    await new Promise((r) => setTimeout(r, 5));
    expect(seen.at(-1)).toMatchObject({ state: 'failed', failure: 'lost' });
    expect(released).toBe(1);
  });

  it('a fresh chunk (the worker restarted the run) replaces the curves and the check', () => {
    const before: DepthTrainingProgress = {
      key: 'k', steps: 4, step: 2, residual: [3, 2], plain: [1, 1], reference: { residual: { loss0: 3, loss1: 2 } }, backend: 'webgl', state: 'running', failure: null,
    };
    const fresh = merge(before, { run: 1, fresh: true, from: 0, residual: [], plain: [], step: 0, done: false, backend: 'cpu', reference: { plain: { loss0: 1, loss1: 1 } } });
    expect(fresh).toMatchObject({ step: 0, residual: [], plain: [], reference: { plain: { loss0: 1, loss1: 1 } }, backend: 'cpu' });
    const more = merge(before, { run: 1, fresh: false, from: 2, residual: [1.5], plain: [0.9], step: 3, done: false, backend: 'webgl' });
    expect(more).toMatchObject({ step: 3, residual: [3, 2, 1.5], plain: [1, 1, 0.9], reference: { residual: { loss0: 3, loss1: 2 } } });
  });
});
