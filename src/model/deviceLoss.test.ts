// The parts of lost-device recovery that run without a GPU: the loss limit, and replacing
// a backend so the next setBackend builds a new instance (here the CPU backend stands in).
import { describe, expect, it } from 'vitest';
import { tf } from './tf';
import { LossHistory, replaceBackend, watchActiveDevice } from './deviceLoss';
import { TransformerModel } from './transformer';
import { DEFAULT_CONFIG } from './config';
import { tokenize } from './tokenizer';

describe('LossHistory', () => {
  it('says stop at the third loss of one backend within a minute', () => {
    const history = new LossHistory();
    expect(history.record('webgpu', 0)).toBe(false);
    expect(history.record('webgpu', 10_000)).toBe(false);
    expect(history.record('webgl', 20_000)).toBe(false);
    expect(history.record('webgpu', 59_000)).toBe(true);
  });

  it('forgets losses older than the window', () => {
    const history = new LossHistory();
    history.record('webgl', 0);
    history.record('webgl', 30_000);
    expect(history.record('webgl', 61_000)).toBe(false);
    expect(history.record('webgl', 62_000)).toBe(true);
  });
});

describe('replaceBackend', () => {
  it('gives a new backend instance that computes the same numbers, with no tensors left behind', async () => {
    await tf.setBackend('cpu');
    const model = new TransformerModel();
    const config = { ...DEFAULT_CONFIG, seqLen: 6 };
    const { tokens, isPadding } = tokenize('lost device', config.seqLen);
    const request = { config, tokens, isPadding };
    const first = await model.forward(request);
    const tensorsBefore = tf.memory().numTensors;
    const oldInstance = tf.backend();

    model.disposeBackend('cpu');
    replaceBackend('cpu');
    expect(tf.findBackendFactory('cpu')).not.toBeNull();
    await tf.setBackend('cpu');
    expect(tf.backend()).not.toBe(oldInstance);

    const second = await model.forward(request);
    expect(Array.from(second.trace.finalNorm.output.data)).toEqual(Array.from(first.trace.finalNorm.output.data));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    model.dispose();
  });

  it('watches nothing on CPU, which cannot be lost', async () => {
    await tf.setBackend('cpu');
    expect(watchActiveDevice()).toBeNull();
  });
});
