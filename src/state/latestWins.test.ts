import { describe, expect, it } from 'vitest';
import { LatestWinsRunner } from './latestWins';

describe('LatestWinsRunner', () => {
  it('starts from idle once the current task is done, the newest request of it only', async () => {
    const started: number[] = [];
    const soon: (() => void)[] = [];
    const frames: (() => void)[] = [];
    const runner = new LatestWinsRunner<number, number>(
      async (value) => (started.push(value), value),
      () => {},
      () => {},
      (callback) => frames.push(callback),
      (callback) => soon.push(callback),
    );
    runner.request(1);
    runner.request(2); // replaces 1 before it starts
    expect(soon).toHaveLength(1);
    expect(frames).toHaveLength(0); // no frame to wait for when nothing runs
    soon.shift()!();
    expect(started).toEqual([2]);
  });

  it('coalesces requests made while a job runs, keeps only the newest and starts it on the next frame', async () => {
    const started: number[] = [];
    const delivered: number[] = [];
    const frames: (() => void)[] = [];
    let release: () => void = () => {};
    const runner = new LatestWinsRunner<number, number>(
      (value) => {
        started.push(value);
        return new Promise((resolve) => (release = () => resolve(value * 10)));
      },
      (result) => delivered.push(result),
      () => {},
      (callback) => frames.push(callback),
      (callback) => callback(),
    );
    runner.request(2);
    expect(started).toEqual([2]);
    runner.request(3);
    runner.request(4);
    runner.request(5);
    expect(runner.busy).toBe(true);
    release();
    await Promise.resolve();
    await Promise.resolve();
    expect(delivered).toEqual([20]);
    expect(started).toEqual([2]);
    expect(frames).toHaveLength(1); // the next run waits for a frame, so the result can paint
    frames.shift()!();
    expect(started).toEqual([2, 5]);
    release();
    await Promise.resolve();
    await Promise.resolve();
    expect(delivered).toEqual([20, 50]);
    expect(frames).toHaveLength(0);
    expect(runner.busy).toBe(false);
    runner.request(6); // idle again: starts without a frame
    expect(started).toEqual([2, 5, 6]);
  });

  it('reports errors and keeps working', async () => {
    const errors: unknown[] = [];
    const delivered: number[] = [];
    const runner = new LatestWinsRunner<number, number>(
      async (value) => {
        if (value < 0) throw new Error('negative');
        return value;
      },
      (result) => delivered.push(result),
      (error) => errors.push(error),
      (callback) => callback(),
      (callback) => callback(),
    );
    runner.request(-1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    runner.request(7);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(1);
    expect(delivered).toEqual([7]);
  });
});
