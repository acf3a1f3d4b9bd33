import { describe, expect, it } from 'vitest';
import { decide, median, sizeRange } from './autoBackend';

describe('auto backend choice', () => {
  it('picks the fastest warm median and lists failures last', () => {
    const decision = decide(
      [
        { backend: 'webgpu', firstMs: 2000, times: [40, 45, 42] },
        { backend: 'webgl', failure: 'no WebGL2' },
        { backend: 'wasm', firstMs: 100, times: [9, 7, 8] },
        { backend: 'cpu', firstMs: 200, times: [20, 19, 21] },
      ],
      { seqLen: 8, dModel: 64 },
      'cpu',
    );
    expect(decision?.pick).toBe('wasm');
    expect(decision?.timings.map((timing) => timing.backend)).toEqual(['wasm', 'cpu', 'webgpu', 'webgl']);
    expect(decision?.timings[0].medianMs).toBe(8);
    expect(decision?.timings[3].failure).toBe('no WebGL2');
  });

  it('keeps the backend in use when no measurement ran', () => {
    const decision = decide([{ backend: 'webgpu', failure: 'x' }, { backend: 'wasm', failure: 'y' }], { seqLen: 8, dModel: 64 }, 'wasm');
    expect(decision.pick).toBe('wasm');
    expect(decision.timings.map((timing) => timing.failure)).toEqual(['x', 'y']);
  });

  it('groups sizes into ranges', () => {
    expect(sizeRange({ seqLen: 8, dModel: 64 })).toBe(sizeRange({ seqLen: 16, dModel: 32 }));
    expect(sizeRange({ seqLen: 17, dModel: 64 })).not.toBe(sizeRange({ seqLen: 16, dModel: 64 }));
    expect(sizeRange({ seqLen: 512, dModel: 256 })).not.toBe(sizeRange({ seqLen: 512, dModel: 64 }));
  });

  it('takes the median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
