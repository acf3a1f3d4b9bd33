// The heads lesson's projector cards: whatever the head count and the box, the cards chosen
// fit the box (width and height), every head has a card and rows are balanced.
import { describe, expect, it } from 'vitest';
import { HEAD_CHOICES } from '../model/config';
import { chooseHeadCards, fitHeadCards, type CardChrome, type HeadCardsSpace } from './headCards';

const FULL: CardChrome = { x: 80, y: 82 };
const COMPACT: CardChrome = { x: 26, y: 50 };
/** Card boxes of step ③ about as they are at 1024 × 768 and 1920 × 1080, and some odd ones. */
const BOXES = [
  { width: 968, height: 360 },
  { width: 1840, height: 470 },
  { width: 600, height: 900 },
  { width: 1200, height: 200 },
];

const space = (heads: number, box: { width: number; height: number }): HeadCardsSpace => ({
  heads,
  dk: 64 / heads,
  ...box,
  gap: 12,
  maxMap: 400,
  outputColumnPx: 14,
});

/** Does the layout, with this chrome, fit the box? */
function fits(s: HeadCardsSpace, chrome: CardChrome, layout: ReturnType<typeof fitHeadCards>): boolean {
  const cardWidth = Math.floor((s.width - (layout.perRow - 1) * s.gap) / layout.perRow);
  const wide = chrome.x + layout.weightsSize + layout.outputWidth <= cardWidth;
  const tall = layout.rows * (chrome.y + layout.weightsSize) + (layout.rows - 1) * s.gap <= s.height;
  return wide && tall;
}

describe('fitHeadCards', () => {
  for (const heads of HEAD_CHOICES) {
    for (const box of BOXES) {
      it(`${heads} heads in ${box.width} × ${box.height}: fits, balanced, no empty row`, () => {
        const s = space(heads, box);
        const layout = fitHeadCards(s, FULL);
        expect(layout.perRow * layout.rows).toBeGreaterThanOrEqual(heads);
        // No empty row.
        expect(layout.perRow * (layout.rows - 1)).toBeLessThan(heads);
        expect(fits(s, FULL, layout)).toBe(true);
        expect(layout.weightsSize).toBeLessThanOrEqual(s.maxMap);
        expect(layout.outputWidth).toBeLessThanOrEqual(s.dk * s.outputColumnPx);
      });
    }
  }

  it('puts more heads on a row when the height is short, fewer when the width is', () => {
    const short = fitHeadCards(space(8, { width: 1800, height: 250 }), FULL);
    const narrow = fitHeadCards(space(8, { width: 500, height: 2000 }), FULL);
    expect(short.rows).toBe(1);
    expect(narrow.perRow).toBeLessThan(short.perRow);
  });

  it('keeps 16 heads in balanced rows (never 5, 5, 5, 1)', () => {
    for (const box of BOXES) {
      const layout = fitHeadCards(space(16, box), FULL);
      expect([1, 2, 3, 4, 6, 8, 16]).toContain(layout.perRow);
    }
  });
});

describe('chooseHeadCards', () => {
  it('keeps the captions while the maps are comfortable, drops them only for larger maps', () => {
    for (const heads of HEAD_CHOICES) {
      for (const box of BOXES) {
        const s = space(heads, box);
        const chosen = chooseHeadCards(s, FULL, COMPACT, 72);
        const full = fitHeadCards(s, FULL);
        if (full.weightsSize >= 72) expect(chosen).toEqual({ ...full, compact: false });
        else if (chosen.compact) expect(chosen.weightsSize).toBeGreaterThan(full.weightsSize);
        expect(fits(s, chosen.compact ? COMPACT : FULL, chosen)).toBe(true);
      }
    }
  });

  it('16 heads on a 1024 × 768 page: compact cards, maps larger than with captions', () => {
    const s = space(16, BOXES[0]);
    const chosen = chooseHeadCards(s, FULL, COMPACT, 72);
    expect(chosen.compact).toBe(true);
    expect(chosen.weightsSize).toBeGreaterThan(fitHeadCards(s, FULL).weightsSize);
  });
});
