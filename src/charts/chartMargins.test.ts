import { describe, expect, it } from 'vitest';
import { chartMargins } from './chartMargins';

describe('chartMargins', () => {
  it('keeps the normal charts as they were at 12 px', () => {
    expect(chartMargins(12)).toEqual({ top: 14, right: 14, bottom: 41, left: 56 });
  });
  it('grows in proportion with projector type, leaving room for tick labels and a title', () => {
    const margins = chartMargins(20);
    // Tick labels (one line) plus a title line under them.
    expect(margins.bottom).toBeGreaterThanOrEqual(2 * 20 + 20);
    // About four characters of tick label (0.6 em each) plus the rotated title.
    expect(margins.left).toBeGreaterThanOrEqual(4 * 0.6 * 20 + 20 + 20);
  });
});
