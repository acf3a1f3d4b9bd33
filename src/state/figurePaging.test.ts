import { describe, expect, it } from 'vitest';
import { LAST_FIGURE_PAGE, shownPage, stepSlide } from './figurePaging';
import { shortcutFor } from './shortcuts';

describe('shownPage', () => {
  it('clamps the page asked for into the lesson’s pages', () => {
    expect(shownPage(0, 4)).toBe(0);
    expect(shownPage(3, 4)).toBe(3);
    expect(shownPage(LAST_FIGURE_PAGE, 4)).toBe(3);
    expect(shownPage(-2, 4)).toBe(0);
    expect(shownPage(5, 1)).toBe(0);
    expect(shownPage(2, 0)).toBe(0);
  });
});

describe('stepSlide', () => {
  it('walks through the pages of a lesson before leaving it', () => {
    expect(stepSlide({ lesson: 'scaling', page: 0, count: 4 }, 1)).toEqual({ lesson: 'scaling', page: 1 });
    expect(stepSlide({ lesson: 'scaling', page: 2, count: 4 }, 1)).toEqual({ lesson: 'scaling', page: 3 });
    expect(stepSlide({ lesson: 'scaling', page: 3, count: 4 }, 1)).toEqual({ lesson: 'formula', page: 0 });
    expect(stepSlide({ lesson: 'scaling', page: 3, count: 4 }, -1)).toEqual({ lesson: 'scaling', page: 2 });
  });

  it('going back from a first page opens the previous lesson on its last page', () => {
    expect(stepSlide({ lesson: 'scaling', page: 0, count: 4 }, -1)).toEqual({ lesson: 'qkv', page: LAST_FIGURE_PAGE });
  });

  it('treats a page beyond the end as the last one', () => {
    expect(stepSlide({ lesson: 'qkv', page: LAST_FIGURE_PAGE, count: 2 }, -1)).toEqual({ lesson: 'qkv', page: 0 });
    expect(stepSlide({ lesson: 'qkv', page: LAST_FIGURE_PAGE, count: 2 }, 1)).toEqual({ lesson: 'scaling', page: 0 });
  });

  it('stops at the first page of the first lesson and the last page of the last', () => {
    expect(stepSlide({ lesson: 'playground', page: 0, count: 2 }, -1)).toBeNull();
    expect(stepSlide({ lesson: 'train', page: 3, count: 4 }, 1)).toBeNull();
    expect(stepSlide({ lesson: 'longrange', page: 2, count: 3 }, 1)).toEqual({ lesson: 'train', page: 0 });
    expect(stepSlide({ lesson: 'longrange', page: 1, count: 3 }, 1)).toEqual({ lesson: 'longrange', page: 2 });
    expect(stepSlide({ lesson: 'cost', page: 2, count: 3 }, 1)).toEqual({ lesson: 'longrange', page: 0 });
  });

  it('with one page it moves between lessons, as outside projector mode', () => {
    expect(stepSlide({ lesson: 'masking', page: 0, count: 1 }, 1)).toEqual({ lesson: 'position', page: 0 });
    expect(stepSlide({ lesson: 'masking', page: 0, count: 1 }, -1)).toEqual({ lesson: 'heads', page: LAST_FIGURE_PAGE });
  });
});

describe('shortcutFor with figure pages (projector mode)', () => {
  it('PageDown and → step pages first, then lessons; PageUp and ← back', () => {
    const slides = { page: 0, count: 3 };
    expect(shortcutFor({ key: 'PageDown' }, 'other', 'norms', slides)).toEqual({ kind: 'figurePage', page: 1 });
    expect(shortcutFor({ key: 'ArrowRight' }, 'other', 'norms', { page: 2, count: 3 })).toEqual({ kind: 'lesson', lesson: 'depth', page: 0 });
    expect(shortcutFor({ key: 'PageUp' }, 'other', 'norms', slides)).toEqual({ kind: 'lesson', lesson: 'position', page: LAST_FIGURE_PAGE });
    expect(shortcutFor({ key: 'ArrowLeft' }, 'other', 'norms', { page: 2, count: 3 })).toEqual({ kind: 'figurePage', page: 1 });
  });

  it('leaves the arrows to a control that uses them, and stops at the ends', () => {
    expect(shortcutFor({ key: 'ArrowRight' }, 'arrows', 'norms', { page: 0, count: 3 })).toBeNull();
    expect(shortcutFor({ key: 'PageDown' }, 'arrows', 'norms', { page: 0, count: 3 })).toEqual({ kind: 'figurePage', page: 1 });
    expect(shortcutFor({ key: 'PageDown' }, 'other', 'train', { page: 3, count: 4 })).toBeNull();
  });

  it('without pages (normal mode) the keys move between lessons as before', () => {
    expect(shortcutFor({ key: 'PageDown' }, 'other', 'norms')).toEqual({ kind: 'lesson', lesson: 'depth' });
    expect(shortcutFor({ key: 'c' }, 'other', 'norms')).toEqual({ kind: 'controls' });
  });
});
