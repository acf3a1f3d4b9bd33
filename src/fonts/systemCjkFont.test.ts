// The start-up test for an installed CJK font, with a stand-in canvas whose "fallback font"
// is chosen by the test: two ideographs drawn alike mean no font has them.
import { describe, expect, it } from 'vitest';
import { systemDrawsCjk } from './systemCjkFont';

type Glyphs = (character: string) => number;

/** A document whose 2D canvas fills every pixel with the value `glyph(character)` gives. */
function documentDrawing(glyph: Glyphs | 'no-context' | 'throws'): Document {
  const canvas = {
    width: 0,
    height: 0,
    getContext: () => {
      if (glyph === 'no-context') return null;
      let last = 0;
      return {
        font: '',
        textBaseline: '',
        clearRect: () => (last = 0),
        fillText: (character: string) => (last = glyph === 'throws' ? 0 : glyph(character)),
        getImageData: (_x: number, _y: number, width: number, height: number) => {
          if (glyph === 'throws') throw new DOMException('tainted', 'SecurityError');
          return { data: new Uint8ClampedArray(width * height * 4).fill(last) };
        },
      };
    },
  };
  return { createElement: () => canvas } as unknown as Document;
}

describe('systemDrawsCjk', () => {
  it('is true when the two ideographs come out as different glyphs', () => {
    expect(systemDrawsCjk(documentDrawing((character) => character.codePointAt(0)! % 251))).toBe(true);
  });

  it('is false when both are the same missing-glyph box, or nothing at all', () => {
    expect(systemDrawsCjk(documentDrawing(() => 200))).toBe(false);
    expect(systemDrawsCjk(documentDrawing(() => 0))).toBe(false);
  });

  it('is false (load the bundled subset) when the canvas cannot answer', () => {
    expect(systemDrawsCjk(documentDrawing('no-context'))).toBe(false);
    expect(systemDrawsCjk(documentDrawing('throws'))).toBe(false);
  });
});
