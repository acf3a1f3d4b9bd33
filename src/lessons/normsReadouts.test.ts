import { describe, expect, it } from 'vitest';
import { formatValue, maxAbsDifference, padBatch } from './normsReadouts';

describe('norms readouts', () => {
  it('pads every sentence to the longest one', () => {
    const batch = padBatch(['大模型是个潜力股', '我爱学习']);
    expect(batch.positions).toBe(8);
    expect(batch.sentences[1]).toEqual(['我', '爱', '学', '习', '<pad>', '<pad>', '<pad>', '<pad>']);
    expect(batch.isPadding[1]).toEqual([false, false, false, false, true, true, true, true]);
    expect(batch.isPadding[0].every((p) => !p)).toBe(true);
  });
  it('keeps one position for an empty batch of empty sentences', () => {
    expect(padBatch(['']).positions).toBe(1);
  });
  it('measures the largest change over the first block only', () => {
    expect(maxAbsDifference([1, 2, 3], [1, 2.5, 100], 2)).toBe(0.5);
    expect(maxAbsDifference(undefined, [1], 1)).toBe(0);
  });
  it('never prints NaN or Infinity', () => {
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatValue(Infinity)).toBe('—');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(0.5)).toBe('0.500');
  });
});
