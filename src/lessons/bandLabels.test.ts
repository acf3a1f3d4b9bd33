// The heads lesson's band labels: the longest wording that fits every band, every k-th
// band labelled when even the shortest is too wide, and no two labels closer than the gap.
import { describe, expect, it } from 'vitest';
import { bandLines, layoutBandLabels, shownLineCount, type BandText } from './bandLabels';

/** 10 px per character, like a monospace font at about 17 px. */
const measure = (text: string) => text.length * 10;
const bands = (count: number, width: number): BandText[] =>
  Array.from({ length: count }, (_, head) => ({
    width,
    lines: [
      [`head ${head + 1}`, String(head + 1)],
      [`columns ${head * 16}–${head * 16 + 15}`, `${head * 16}–${head * 16 + 15}`],
    ],
  }));

/** Left and right edges of the labels drawn on a line, centred in their bands. */
function labelEdges(texts: BandText[], line: number, gap: number) {
  const layout = layoutBandLabels(texts, measure, gap);
  const edges: [number, number][] = [];
  let x = 0;
  texts.forEach((band, index) => {
    const text = bandLines(band, index, layout)[line];
    if (text) edges.push([x + band.width / 2 - measure(text) / 2, x + band.width / 2 + measure(text) / 2]);
    x += band.width;
  });
  return edges;
}

describe('layoutBandLabels', () => {
  it('takes the longest wording that fits every band', () => {
    const layout = layoutBandLabels(bands(4, 200), measure, 8);
    expect(layout).toEqual([
      { choice: 0, stride: 1 },
      { choice: 0, stride: 1 },
    ]);
    expect(bandLines(bands(4, 200)[2], 2, layout)).toEqual(['head 3', 'columns 32–47']);
  });

  it('falls back to the short wording in all bands alike, and leaves out a second line that does not fit', () => {
    // "head 1" is 60 px: too wide for 50 px bands; "1" fits; "0–15" (40 px) + gap 12 does not.
    const layout = layoutBandLabels(bands(8, 50), measure, 12);
    expect(layout).toEqual([
      { choice: 1, stride: 1 },
      { choice: -1, stride: 1 },
    ]);
    expect(shownLineCount(layout)).toBe(1);
    expect(bandLines(bands(8, 50)[0], 0, layout)).toEqual(['1', '']);
  });

  it('labels every k-th band when even the shortest wording is too wide for one', () => {
    // "1" is 10 px, with a 8 px gap: 18 px > 16 px bands, so every second band.
    const texts = bands(8, 16);
    const layout = layoutBandLabels(texts, measure, 8);
    expect(layout[0]).toEqual({ choice: 1, stride: 2 });
    expect(texts.map((band, index) => bandLines(band, index, layout)[0])).toEqual(['1', '', '3', '', '5', '', '7', '']);
    // Two-digit head numbers (16 heads, 8 px bands): "13" (20 px) + 8 px needs four bands.
    const many = bands(16, 8);
    expect(layoutBandLabels(many, measure, 8)[0]).toEqual({ choice: 1, stride: 4 });
  });

  it('never puts two labels closer than the gap', () => {
    for (const count of [1, 2, 4, 8, 16, 32]) {
      for (const width of [4, 8, 12, 16, 30, 50, 80, 200]) {
        for (const gap of [0, 6, 12]) {
          const texts = bands(count, width);
          for (const line of [0, 1]) {
            const edges = labelEdges(texts, line, gap);
            for (let i = 1; i < edges.length; i++) expect(edges[i][0] - edges[i - 1][1]).toBeGreaterThanOrEqual(gap - 1e-9);
          }
        }
      }
    }
  });

  it('leaves a line out rather than labelling a single band', () => {
    const layout = layoutBandLabels(bands(2, 5), measure, 4);
    expect(layout[0]).toEqual({ choice: -1, stride: 1 });
    expect(shownLineCount(layout)).toBe(0);
  });
});
