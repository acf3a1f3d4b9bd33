import { describe, expect, it } from 'vitest';
import { decodeMaskBits, encodeMaskBits, fullyMaskedRows, maskAsPainted, resizePaintedMask, toggleCell } from './paintedMask';

describe('painted mask', () => {
  it('starts from the mode on screen', () => {
    expect(maskAsPainted('causal', [false, false, false])).toBe('100110111');
    expect(maskAsPainted('padding', [false, false, true])).toBe('110110110');
    expect(maskAsPainted('none', [false, true])).toBe('1111');
  });

  it('toggles and sets single cells', () => {
    expect(toggleCell('1111', 2, 0, 1)).toBe('1011');
    expect(toggleCell('1011', 2, 0, 1)).toBe('1111');
    expect(toggleCell('1111', 2, 1, 0, false)).toBe('1101');
    expect(toggleCell('1101', 2, 1, 0, false)).toBe('1101');
  });

  it('keeps the top-left corner when n changes, new cells allowed', () => {
    expect(resizePaintedMask('100110111', 2)).toBe('1011');
    expect(resizePaintedMask('1001', 3)).toBe('101011111');
  });

  it('finds fully masked rows', () => {
    expect(fullyMaskedRows('000110000', 3)).toEqual([0, 2]);
  });

  it('round-trips through base64url for every size up to 20', () => {
    for (let n = 1; n <= 20; n++) {
      const mask = Array.from({ length: n * n }, (_, index) => ((index * 7919) % 3 === 0 ? '0' : '1')).join('');
      const encoded = encodeMaskBits(mask);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeMaskBits(encoded, n)).toBe(mask);
      if (Math.ceil((n + 1) ** 2 / 6) !== encoded.length) expect(decodeMaskBits(encoded, n + 1)).toBeNull();
    }
  });
});

describe('painted mask at full size', () => {
  it('builds and resizes 512 × 512 masks that match the cell-by-cell definition', () => {
    const isPadding = Array.from({ length: 512 }, (_, index) => index >= 500);
    const causal = maskAsPainted('causal', isPadding);
    expect(causal.length).toBe(512 * 512);
    expect(causal[3 * 512 + 3]).toBe('1');
    expect(causal[3 * 512 + 4]).toBe('0');
    const padding = maskAsPainted('padding', isPadding);
    expect(padding[7 * 512 + 499]).toBe('1');
    expect(padding[7 * 512 + 500]).toBe('0');
    const grown = resizePaintedMask(causal, 513);
    expect(grown.slice(0, 513)).toBe('1' + '0'.repeat(511) + '1');
    expect(resizePaintedMask(grown, 512)).toBe(causal);
  });
});
