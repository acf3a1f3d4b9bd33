import { describe, expect, it } from 'vitest';
import { binOf, histogram, histogramLayers, sharedHalfWidth, valuesNearEdges } from './depthHistograms';

describe('depth histograms', () => {
  it('bins over [−m, m], the top edge in the last bin, non-finite values apart', () => {
    const h = histogram([-1, -0.5, 0, 0.49, 1, Infinity, NaN], 1, 4);
    expect(h.counts).toEqual([1, 1, 2, 1]); // 0 and 0.49 share [0, 0.5)
    expect(h.nonFinite).toBe(2);
    expect(h.total).toBe(7);
    expect(binOf(-1, 1, 4)).toBe(0);
    expect(binOf(1, 1, 4)).toBe(3);
  });
  it('shares the largest finite magnitude of all sets, 1 when there is none', () => {
    expect(sharedHalfWidth([[0.5, -3], [2, -Infinity]])).toBe(3);
    expect(sharedHalfWidth([[0, 0]])).toBe(1);
  });
  it('counts values near inner edges only', () => {
    // Edges of 4 bins over [−1, 1] at −0.5, 0, 0.5.
    expect(valuesNearEdges([-0.5001, 0.00005, 0.3, 1, -1], 1, 4, 1e-3)).toBe(2);
  });
  it('shows first, middle and last layer, without repeats', () => {
    expect(histogramLayers(16)).toEqual([1, 8, 16]);
    expect(histogramLayers(2)).toEqual([1, 2]);
    expect(histogramLayers(1)).toEqual([1]);
  });
});
