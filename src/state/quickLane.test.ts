// The quick lane's decisions (fake sessions with set timings) and its bit-for-bit comparison
// (real results of the TF.js model on the CPU backend, in Node).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tf } from '../model/tf';
import { TransformerModel, type ForwardResult } from '../model/transformer';
import { tokenize } from '../model/tokenizer';
import { DEFAULT_CONFIG, type ModelConfig } from '../model/config';
import type { BackendName } from '../model/backendNames';
import type { ModelJob, ModelJobResult, ModelSession } from '../model/session';
import { forwardWork, QUICK_LANE_BUDGET_MS, QuickLane, sameNumbers } from './quickLane';

const config: ModelConfig = { ...DEFAULT_CONFIG, seqLen: 8, dModel: 64, numHeads: 4, numLayers: 2 };
const jobFor = (overrides: Partial<ModelConfig> = {}, backend: BackendName = 'wasm'): ModelJob & { backend: BackendName } => {
  const jobConfig = { ...config, ...overrides };
  return { backend, request: { config: jobConfig, ...tokenize('大模型是个潜力股', jobConfig.seqLen) } };
};

let computed: ForwardResult;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = new TransformerModel();
  computed = await model.forward(jobFor().request);
  model.dispose();
});

/** A copy of a result whose numbers can be changed without touching the original. */
function copyOf(result: ForwardResult): ForwardResult {
  return structuredClone(result);
}

/** A page session that answers every run with the given result, taking `elapsedMs`. */
function fakeSession(answer: () => ForwardResult, elapsedMs: () => number, backend: BackendName = 'wasm') {
  const session = {
    run: vi.fn(async (): Promise<ModelJobResult> => ({
      result: { ...answer(), elapsedMs: elapsedMs() },
      backend: { name: backend, adapter: 'test', precision: 'float32', failures: [] },
    })),
    releaseWeights: vi.fn(),
    memory: () => ({ backend, numTensors: 0, numBytes: 0, numBytesInGPU: null }),
  };
  return session;
}

async function readyLane(elapsedMs = 1) {
  const session = fakeSession(() => copyOf(computed), () => elapsedMs);
  const lane = new QuickLane(async () => session as unknown as ModelSession);
  await lane.warmUp(jobFor(), computed);
  return { lane, session };
}

describe('forwardWork', () => {
  it('grows linearly in layers, and in n while n ≪ d', () => {
    expect(forwardWork({ seqLen: 8, dModel: 64, numLayers: 4 })).toBe(2 * forwardWork({ seqLen: 8, dModel: 64, numLayers: 2 }));
    const ratio = forwardWork({ seqLen: 16, dModel: 64, numLayers: 2 }) / forwardWork({ seqLen: 8, dModel: 64, numLayers: 2 });
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(2.1);
  });
});

describe('sameNumbers', () => {
  it('is true for a copy and for a second run of the same pass', async () => {
    expect(sameNumbers(computed, copyOf(computed))).toBe(true);
    const model = new TransformerModel();
    expect(sameNumbers(computed, await model.forward(jobFor().request))).toBe(true);
    model.dispose();
  });

  it('is false when one value differs in its last bit, or in shape', () => {
    const changed = copyOf(computed);
    const weights = changed.trace.layers[1].attentionWeights.data;
    new Uint32Array(weights.buffer, weights.byteOffset, weights.length)[5] ^= 1;
    expect(sameNumbers(computed, changed)).toBe(false);
    const shorter = copyOf(computed);
    shorter.trace.layers.pop();
    expect(sameNumbers(computed, shorter)).toBe(false);
  });

  it('compares NaN by its bits, so a NaN in both is the same number', () => {
    const a = copyOf(computed);
    const b = copyOf(computed);
    a.trace.layers[0].attentionWeights.data[3] = NaN;
    b.trace.layers[0].attentionWeights.data[3] = NaN;
    expect(sameNumbers(a, b)).toBe(true);
  });
});

describe('QuickLane', () => {
  it('warms up only on WASM or CPU, at sizes near the default model', () => {
    expect(QuickLane.worthWarming('wasm', config)).toBe(true);
    expect(QuickLane.worthWarming('cpu', { ...config, seqLen: 16 })).toBe(true);
    expect(QuickLane.worthWarming('webgl', config)).toBe(false);
    expect(QuickLane.worthWarming('webgpu', config)).toBe(false);
    expect(QuickLane.worthWarming('wasm', { ...config, seqLen: 512, dModel: 256 })).toBe(false);
  });

  it('is ready after matching the worker bit for bit, and frees its tensors', async () => {
    const { lane, session } = await readyLane();
    expect(lane.state).toBe('ready');
    expect(session.run).toHaveBeenCalledTimes(31); // a cold pass to compare, thirty warm ones to time
    expect(session.releaseWeights).toHaveBeenCalled();
    expect(lane.holdsWeights).toBe(false);
  });

  it('says when it holds weights: from a pass until it frees them', async () => {
    const { lane } = await readyLane();
    await lane.run(jobFor());
    expect(lane.holdsWeights).toBe(true);
    lane.release();
    expect(lane.holdsWeights).toBe(false);
  });

  it('turns itself off when its first result differs from the worker\'s', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const different = copyOf(computed);
    different.trace.layers[0].attentionWeights.data[0] += 1e-3;
    const session = fakeSession(() => different, () => 1);
    const lane = new QuickLane(async () => session as unknown as ModelSession);
    await lane.warmUp(jobFor(), computed);
    expect(lane.state).toBe('disabled');
    expect(lane.disabledReason).toMatch(/differed from the worker/);
    expect(lane.accepts(jobFor(), 'wasm')).toBe(false);
    warn.mockRestore();
  });

  it('turns itself off when the backend does not start on the page\'s thread', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = fakeSession(() => copyOf(computed), () => 1, 'cpu');
    const lane = new QuickLane(async () => session as unknown as ModelSession);
    await lane.warmUp(jobFor(), computed);
    expect(lane.state).toBe('disabled');
    expect(lane.disabledReason).toMatch(/wasm did not start/);
    warn.mockRestore();
  });

  it('takes a job only on its own backend, the one the worker runs, within the budget', async () => {
    const { lane } = await readyLane(1);
    expect(lane.predictMs(config)).toBeCloseTo(1);
    expect(lane.accepts(jobFor(), 'wasm')).toBe(true);
    expect(lane.accepts(jobFor({}, 'cpu'), 'cpu')).toBe(false);
    expect(lane.accepts({ ...jobFor(), backend: 'auto' }, 'wasm')).toBe(false);
    expect(lane.accepts(jobFor(), 'webgl')).toBe(false); // the worker fell back elsewhere
    // About 6 times the work: predicted over the budget, so it goes to the worker.
    const large = { seqLen: 48 };
    expect(lane.predictMs({ ...config, ...large })).toBeGreaterThan(QUICK_LANE_BUDGET_MS);
    expect(lane.accepts(jobFor(large), 'wasm')).toBe(false);
  });

  it('follows timings: one slow pass changes nothing, a run of them sends the next to the worker, fast worker passes bring it back', async () => {
    let elapsed = 1;
    const session = fakeSession(() => copyOf(computed), () => elapsed);
    const lane = new QuickLane(async () => session as unknown as ModelSession);
    await lane.warmUp(jobFor(), computed);
    elapsed = 40; // a pass held up by garbage collection, say
    await lane.run(jobFor());
    expect(lane.runs).toBe(1);
    expect(lane.accepts(jobFor(), 'wasm')).toBe(true);
    for (let i = 0; i < 3; i++) await lane.run(jobFor());
    expect(lane.accepts(jobFor(), 'wasm')).toBe(true); // 4 slow of the latest 9
    await lane.run(jobFor());
    expect(lane.accepts(jobFor(), 'wasm')).toBe(false); // 5 of 9: the median is slow
    expect(lane.predictMs(config)).toBeCloseTo(40);
    for (let i = 0; i < 4; i++) lane.observe('wasm', config, 1);
    expect(lane.accepts(jobFor(), 'wasm')).toBe(false);
    lane.observe('wasm', config, 1);
    expect(lane.accepts(jobFor(), 'wasm')).toBe(true);
    lane.observe('cpu', config, 100); // another backend's timing says nothing about this one
    expect(lane.accepts(jobFor(), 'wasm')).toBe(true);
  });

  it('keeps itself on when the worker confirms a result, and goes off when it does not', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { lane } = await readyLane();
    expect(lane.confirm(computed, copyOf(computed))).toBe(true);
    expect(lane.state).toBe('ready');
    const different = copyOf(computed);
    different.trace.embeddings.data[0] = -different.trace.embeddings.data[0] || 1;
    expect(lane.confirm(computed, different)).toBe(false);
    expect(lane.state).toBe('disabled');
    warn.mockRestore();
  });
});
