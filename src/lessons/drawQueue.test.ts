import { describe, expect, it } from 'vitest';
import { DrawQueue } from './drawQueue.svelte';

/** A queue on a hand-cranked clock and frame loop. */
function setup() {
  let time = 0;
  const frames: (() => void)[] = [];
  const queue = new DrawQueue((callback) => frames.push(callback), () => time);
  const frame = () => frames.shift()?.();
  return { queue, frames, frame, advance: (ms: number) => (time += ms) };
}

describe('DrawQueue', () => {
  it('draws in request order on the next frame, within the frame budget, the rest on later frames', () => {
    const { queue, frames, frame, advance } = setup();
    const drawn: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) queue.request({ name }, () => (drawn.push(name), advance(4)));
    expect(queue.pending).toBe(4);
    expect(frames.length).toBe(1);
    frame(); // 4 + 4 + 4 ms: the budget (10 ms) is spent after the third
    expect(drawn).toEqual(['a', 'b', 'c']);
    expect(queue.pending).toBe(1);
    frame();
    expect(drawn).toEqual(['a', 'b', 'c', 'd']);
    expect(queue.pending).toBe(0);
    expect(frames.length).toBe(0);
  });

  it('keeps only the latest drawing of a canvas, and drops a cancelled one', () => {
    const { queue, frame } = setup();
    const canvas = {};
    const other = {};
    const drawn: string[] = [];
    queue.request(canvas, () => drawn.push('old'));
    queue.request(other, () => drawn.push('other'));
    queue.request(canvas, () => drawn.push('new'));
    expect(queue.pending).toBe(2);
    queue.cancel(other);
    expect(queue.pending).toBe(1);
    frame();
    expect(drawn).toEqual(['new']);
  });

  it('goes on after a drawing throws', () => {
    const { queue, frame } = setup();
    const drawn: string[] = [];
    queue.request({}, () => {
      throw new Error('broken canvas');
    });
    queue.request({}, () => drawn.push('next'));
    expect(() => frame()).toThrow('broken canvas');
    expect(queue.pending).toBe(1);
    frame();
    expect(drawn).toEqual(['next']);
    expect(queue.pending).toBe(0);
  });
});
