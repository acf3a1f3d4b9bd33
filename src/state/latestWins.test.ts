import { describe, expect, it } from 'vitest';
import { LatestWinsRunner } from './latestWins';

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function harness(frameBetweenJobs: boolean) {
  const started: number[] = [];
  const delivered: number[] = [];
  const frames: (() => void)[] = [];
  let clock = 1000;
  let release: () => void = () => {};
  const runner = new LatestWinsRunner<number, number>(
    (value) => {
      started.push(value);
      return new Promise((resolve) => (release = () => resolve(value * 10)));
    },
    (result) => delivered.push(result),
    () => {},
    { schedule: (callback) => frames.push(callback), now: () => clock, frameBetweenJobs },
  );
  return {
    runner,
    started,
    delivered,
    frames,
    release: () => release(),
    advance: (ms: number) => (clock += ms),
  };
}

describe('LatestWinsRunner', () => {
  it('starts at once after a quiet spell, coalescing a synchronous burst to its newest request', async () => {
    const h = harness(true);
    h.runner.request(1);
    h.runner.request(2);
    await flush();
    expect(h.started).toEqual([2]);
    expect(h.frames).toHaveLength(0);
  });

  it('keeps only the newest of the requests made while a job runs', async () => {
    const h = harness(true);
    h.runner.request(1);
    await flush();
    h.runner.request(3);
    h.runner.request(4);
    h.runner.request(5);
    h.release();
    await flush();
    expect(h.delivered).toEqual([10]);
    expect(h.frames).toHaveLength(1); // on the main thread the next run waits a frame, so the result can paint
    h.frames.shift()!();
    await flush();
    expect(h.started).toEqual([1, 5]);
    h.release();
    await flush();
    expect(h.delivered).toEqual([10, 50]);
    expect(h.runner.busy).toBe(false);
  });

  it('with a worker, goes straight on to the newest request once a frame has passed', async () => {
    const h = harness(false);
    h.runner.request(1);
    await flush();
    h.runner.request(2);
    h.advance(20);
    h.release();
    await flush();
    expect(h.started).toEqual([1, 2]);
    expect(h.frames).toHaveLength(0);
  });

  it('never starts twice within one frame', async () => {
    const h = harness(false);
    h.runner.request(1);
    await flush();
    h.runner.request(2);
    h.advance(5);
    h.release();
    await flush();
    expect(h.started).toEqual([1]);
    expect(h.frames).toHaveLength(1);
    h.frames.shift()!();
    await flush();
    expect(h.started).toEqual([1, 2]);
  });

  it('reports errors and keeps working', async () => {
    const errors: unknown[] = [];
    const delivered: number[] = [];
    let clock = 0;
    const runner = new LatestWinsRunner<number, number>(
      async (value) => {
        if (value < 0) throw new Error('negative');
        return value;
      },
      (result) => delivered.push(result),
      (error) => errors.push(error),
      { schedule: (callback) => callback(), now: () => (clock += 100) },
    );
    runner.request(-1);
    await flush();
    runner.request(7);
    await flush();
    expect(errors).toHaveLength(1);
    expect(delivered).toEqual([7]);
  });
});
