import { describe, expect, it } from 'vitest';
import {
  channelGridColumns,
  describeEdit,
  gatherTokens,
  DEMO_REPLACEMENTS,
  formatValue,
  maxAbsDifference,
  mixedTokens,
  nextReplacement,
  padBatch,
  selectedTokens,
  trainingSetup,
  TRAINING_BATCHES,
} from './normsReadouts';

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
  it('selects a sentence’s real tokens, or one token', () => {
    const batch = padBatch(['大模型是个潜力股', '我爱学习']);
    expect(selectedTokens(batch, 0, null)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(selectedTokens(batch, 1, null)).toEqual([8, 9, 10, 11]);
    expect(selectedTokens(batch, 1, 6)).toEqual([14]);
  });
  it('counts what BatchNorm mixes: real tokens, and padding unless excluded', () => {
    const batch = padBatch(['大模型是个潜力股', '我爱学习']);
    const excluded = mixedTokens(batch, true, 4);
    expect(excluded).toEqual({ realCount: 12, paddingCount: 4, paddingIncluded: false, examples: ['大', '我', '模', '爱'], more: true });
    expect(mixedTokens(padBatch(['ab']), true).more).toBe(false);
    expect(mixedTokens(batch, false).paddingIncluded).toBe(true);
    // Repeated characters are listed once.
    expect(mixedTokens(padBatch(['aa', 'ab']), true).examples).toEqual(['a', 'b']);
  });
  it('cycles the demo replacement of sentence 2', () => {
    expect(nextReplacement('我爱学习')).toBe(DEMO_REPLACEMENTS[0]);
    expect(nextReplacement(DEMO_REPLACEMENTS[0])).toBe(DEMO_REPLACEMENTS[1]);
    expect(nextReplacement('something typed')).toBe(DEMO_REPLACEMENTS[0]);
  });
  it('hands the probe every training batch, padded', () => {
    const setup = trainingSetup();
    expect(setup.batches).toHaveLength(TRAINING_BATCHES.length);
    expect(setup.batches[0]).toEqual({ sentences: padBatch(TRAINING_BATCHES[0]).sentences, isPadding: padBatch(TRAINING_BATCHES[0]).isPadding });
    expect(setup.momentum).toBeGreaterThan(0);
  });
  it('wraps the channels into a near-square grid', () => {
    expect(channelGridColumns(64)).toBe(8);
    expect(channelGridColumns(32)).toBe(8);
    expect(channelGridColumns(16)).toBe(4);
    expect(channelGridColumns(128)).toBe(16);
    expect(channelGridColumns(7)).toBe(7);
  });
  it('gathers the channels of chosen tokens', () => {
    expect(Array.from(gatherTokens([0, 1, 2, 3, 4, 5], 2, [2, 0]))).toEqual([4, 5, 0, 1]);
  });
  it('describes the edit between two batches', () => {
    expect(describeEdit(['a', 'b'], ['a', 'c'])).toEqual({ kind: 'sentence', index: 1, before: 'b', after: 'c' });
    expect(describeEdit(['a'], ['a', 'c'])).toEqual({ kind: 'size', before: 1, after: 2 });
    expect(describeEdit(['a', 'b', 'c'], ['a', 'x', 'y'])).toEqual({ kind: 'several' });
  });
});
