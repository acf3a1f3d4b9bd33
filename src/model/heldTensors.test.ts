import { describe, expect, it } from 'vitest';
import { tf } from './tf';
import { freeWaiting, whileWaiting } from './heldTensors';

describe('tensors waiting on a device', () => {
  it('are freed with the backend when the read never answers (a lost device)', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const a = tf.ones([2, 2]);
    const b = tf.zeros([3]);
    void whileWaiting([a, b], () => new Promise<never>(() => {})); // a readback that never answers
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(freeWaiting('cpu')).toBe(2);
    expect(a.isDisposed && b.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(freeWaiting('cpu')).toBe(0);
  });

  it('are let go once the read answers, even when held by two reads at once', async () => {
    await tf.setBackend('cpu');
    const shared = tf.ones([4]);
    let release!: () => void;
    const outer = whileWaiting([shared], () => new Promise<void>((resolve) => (release = resolve)));
    await whileWaiting([shared], () => shared.data());
    expect(freeWaiting('cpu')).toBe(1); // still held by the outer read
    release();
    await outer;
    const other = tf.ones([1]);
    await whileWaiting([other], () => other.data());
    expect(freeWaiting('cpu')).toBe(0);
    tf.dispose([shared, other]);
  });
});
