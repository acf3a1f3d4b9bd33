import { describe, expect, it } from 'vitest';
import { formatValue, growthPerLayer } from './depthReadouts';

describe('depth readouts', () => {
  it('growth per layer is the L-th root of the std ratio', () => {
    expect(growthPerLayer(2, [4, 8, 16])).toBeCloseTo(2, 12);
    expect(growthPerLayer(1, [0.5, null])).toBeNull();
    expect(growthPerLayer(1, [0])).toBeNull();
  });
  it('formats without NaN or Infinity text', () => {
    expect(formatValue(null, 'overflow')).toBe('overflow');
    expect(formatValue(Number.POSITIVE_INFINITY, 'overflow')).toBe('overflow');
    expect(formatValue(1.23456, 'x')).toBe('1.23');
    expect(formatValue(1.5e-7, 'x')).toBe('1.50e-7');
    expect(formatValue(0, 'x')).toBe('0');
  });
});
