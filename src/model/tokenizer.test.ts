import { describe, expect, it } from 'vitest';
import { PAD_TOKEN, tokenize, axisLabels } from './tokenizer';

describe('tokenize', () => {
  it('makes one token per CJK character and pads to the sequence length', () => {
    const { tokens, isPadding, textLength, truncated } = tokenize('我爱学习', 6);
    expect(tokens).toEqual(['我', '爱', '学', '习', PAD_TOKEN, PAD_TOKEN]);
    expect(isPadding).toEqual([false, false, false, false, true, true]);
    expect(textLength).toBe(4);
    expect(truncated).toBe(false);
  });

  it('truncates and counts what was cut', () => {
    const result = tokenize('大模型是个潜力股', 3);
    expect(result.tokens).toEqual(['大', '模', '型']);
    expect(result.textLength).toBe(8);
    expect(result.truncated).toBe(true);
  });

  it('keeps emoji sequences and combining marks whole', () => {
    expect(tokenize('👩🏽‍💻e\u0301🇨🇳', 3).tokens).toEqual(['👩🏽‍💻', 'e\u0301', '🇨🇳']);
  });

  it('shows control characters as visible symbols', () => {
    expect(tokenize('a\tb\u0000', 4).tokens).toEqual(['a', '\u2409', 'b', '\u2400']);
  });

  it('stops counting a huge paste at the limit', () => {
    const result = tokenize('x'.repeat(200_000), 4, 100_000);
    expect(result.textLength).toBe(100_000);
    expect(result.tokens).toEqual(['x', 'x', 'x', 'x']);
  });

  it('gives an empty text only padding', () => {
    expect(tokenize('', 2)).toEqual({ tokens: [PAD_TOKEN, PAD_TOKEN], isPadding: [true, true], textLength: 0, truncated: false });
  });
});

describe('tokenize across segmentation chunks', () => {
  it('keeps a character whole where a chunk boundary would cut it', () => {
    // 1023 ASCII letters, then a ZWJ emoji sequence straddling the 1024-unit boundary.
    const text = 'a'.repeat(1023) + '👩🏽‍💻' + 'b';
    const result = tokenize(text, 1025);
    expect(result.textLength).toBe(1025);
    expect(result.tokens[1023]).toBe('👩🏽‍💻');
    expect(result.tokens[1024]).toBe('b');
  });
});

describe('axis labels', () => {
  it('shows padding as ∅ and a space as ␣', () => {
    expect(axisLabels(['a', ' ', '<pad>'], [false, false, true])).toEqual(['a', '␣', '∅']);
  });
});
