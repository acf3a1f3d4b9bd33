import { describe, expect, it } from 'vitest';
import { LESSON_IDS, NUMBERED_LESSONS, lessonNumber } from './lessons';
import { focusContext, nextMask, shortcutFor, stepLesson, SHORTCUT_HELP, type FocusTarget } from './shortcuts';
import { en, zh } from '../i18n/strings';

/** A stand-in for a focused element: tag, attributes, contenteditable. */
function element(tagName: string, attributes: Record<string, string> = {}, isContentEditable = false): FocusTarget {
  return { tagName: tagName.toUpperCase(), isContentEditable, getAttribute: (name) => attributes[name] ?? null };
}

describe('focusContext', () => {
  it('treats text entry as text', () => {
    expect(focusContext(element('textarea'))).toBe('text');
    expect(focusContext(element('select'))).toBe('text');
    expect(focusContext(element('input'))).toBe('text');
    for (const type of ['text', 'number', 'search', 'email', 'url', 'password', 'tel']) {
      expect(focusContext(element('input', { type }))).toBe('text');
    }
    expect(focusContext(element('div', {}, true))).toBe('text');
  });

  it('recognises controls that use the arrow keys', () => {
    expect(focusContext(element('input', { type: 'range' }))).toBe('arrows');
    expect(focusContext(element('input', { type: 'radio' }))).toBe('arrows');
    expect(focusContext(element('div', { role: 'application' }))).toBe('arrows');
    expect(focusContext(element('div', { role: 'slider' }))).toBe('arrows');
  });

  it('treats the page, buttons and checkboxes as neither', () => {
    expect(focusContext(null)).toBe('other');
    expect(focusContext(element('body'))).toBe('other');
    expect(focusContext(element('button'))).toBe('other');
    expect(focusContext(element('input', { type: 'checkbox', role: 'switch' }))).toBe('other');
    expect(focusContext(element('div', { role: 'img' }))).toBe('other');
  });
});

describe('stepLesson', () => {
  it('follows LESSON_IDS and stops at both ends', () => {
    expect(stepLesson('playground', 1)).toBe('overview');
    expect(stepLesson('overview', 1)).toBe('qkv');
    expect(stepLesson('qkv', -1)).toBe('overview');
    expect(stepLesson('overview', -1)).toBe('playground');
    expect(stepLesson('playground', -1)).toBe('playground');
    expect(stepLesson('longrange', 1)).toBe('train');
    expect(stepLesson('train', 1)).toBe('train');
    for (let i = 0; i + 1 < LESSON_IDS.length; i++) {
      expect(stepLesson(LESSON_IDS[i], 1)).toBe(LESSON_IDS[i + 1]);
      expect(stepLesson(LESSON_IDS[i + 1], -1)).toBe(LESSON_IDS[i]);
    }
  });
});

describe('nextMask', () => {
  it('cycles none → causal → padding → none without a painted mask', () => {
    expect(nextMask('none', false)).toBe('causal');
    expect(nextMask('causal', false)).toBe('padding');
    expect(nextMask('padding', false)).toBe('none');
  });
  it('includes the painted mask while it is in use', () => {
    expect(nextMask('padding', true)).toBe('custom');
    expect(nextMask('custom', true)).toBe('none');
    expect(nextMask('custom', false)).toBe('none');
  });
});

describe('shortcutFor', () => {
  const key = (k: string, extra: object = {}) => ({ key: k, ...extra });

  it('steps lessons with PageDown/PageUp and the arrows', () => {
    expect(shortcutFor(key('PageDown'), 'other', 'playground')).toEqual({ kind: 'lesson', lesson: 'overview' });
    expect(shortcutFor(key('ArrowRight'), 'other', 'overview')).toEqual({ kind: 'lesson', lesson: 'qkv' });
    expect(shortcutFor(key('PageUp'), 'other', 'scaling')).toEqual({ kind: 'lesson', lesson: 'qkv' });
    expect(shortcutFor(key('ArrowLeft'), 'other', 'scaling')).toEqual({ kind: 'lesson', lesson: 'qkv' });
  });

  it('does nothing past the ends', () => {
    expect(shortcutFor(key('PageUp'), 'other', 'playground')).toBeNull();
    expect(shortcutFor(key('PageDown'), 'other', 'train')).toBeNull();
  });

  it('leaves the arrows, not PageDown/PageUp, to sliders, radios and heatmaps', () => {
    expect(shortcutFor(key('ArrowRight'), 'arrows', 'playground')).toBeNull();
    expect(shortcutFor(key('ArrowLeft'), 'arrows', 'qkv')).toBeNull();
    expect(shortcutFor(key('PageDown'), 'arrows', 'playground')).toEqual({ kind: 'lesson', lesson: 'overview' });
    expect(shortcutFor(key('PageUp'), 'arrows', 'qkv')).toEqual({ kind: 'lesson', lesson: 'overview' });
    expect(shortcutFor(key('s'), 'arrows', 'playground')).toEqual({ kind: 'toggleScaling' });
  });

  it('ignores every key while typing', () => {
    for (const k of ['PageDown', 'PageUp', 'ArrowRight', 'ArrowLeft', 's', 'm', 'l', '?', '1', '0', 'p', 'f', 'o']) {
      expect(shortcutFor(key(k), 'text', 'scaling')).toBeNull();
    }
  });

  it('ignores keys with Ctrl, Meta or Alt, during IME composition, or already handled', () => {
    for (const extra of [{ ctrlKey: true }, { metaKey: true }, { altKey: true }, { isComposing: true }, { defaultPrevented: true }]) {
      expect(shortcutFor(key('PageDown', extra), 'other', 'playground')).toBeNull();
      expect(shortcutFor(key('s', extra), 'other', 'playground')).toBeNull();
      expect(shortcutFor(key('1', extra), 'other', 'playground')).toBeNull();
    }
  });

  it('maps the toggles and the help', () => {
    expect(shortcutFor(key('s'), 'other', 'playground')).toEqual({ kind: 'toggleScaling' });
    expect(shortcutFor(key('m'), 'other', 'playground')).toEqual({ kind: 'cycleMask' });
    expect(shortcutFor(key('l'), 'other', 'playground')).toEqual({ kind: 'toggleLanguage' });
    expect(shortcutFor(key('?', { shiftKey: true }), 'other', 'playground')).toEqual({ kind: 'help' });
    expect(shortcutFor(key('p'), 'other', 'playground')).toEqual({ kind: 'projector' });
    expect(shortcutFor(key('f'), 'other', 'playground')).toEqual({ kind: 'fullscreen' });
  });

  it('leaves other keys alone, clickers’ blank-screen keys included', () => {
    for (const k of ['b', '.', 'S', 'M', 'Enter', ' ', 'Escape', 'Tab', 'ArrowUp', 'ArrowDown', 'x', 'F5']) {
      expect(shortcutFor(key(k), 'other', 'playground')).toBeNull();
    }
  });

  it('opens lessons by number: 1–9 the lessons, 0 the playground, o the overview', () => {
    expect(shortcutFor(key('0'), 'other', 'cost')).toEqual({ kind: 'lesson', lesson: 'playground' });
    expect(shortcutFor(key('o'), 'other', 'cost')).toEqual({ kind: 'lesson', lesson: 'overview' });
    // The overview has no number: lessons 1–9 keep theirs.
    expect(NUMBERED_LESSONS).toEqual(['qkv', 'scaling', 'formula', 'heads', 'masking', 'position', 'norms', 'depth', 'cost', 'longrange']);
    expect(lessonNumber('overview')).toBeNull();
    expect(lessonNumber('playground')).toBeNull();
    expect(lessonNumber('cost')).toBe(9);
    // Lesson 10 has a number (its tab) but no digit key: 1 opens lesson 1, never 10.
    expect(lessonNumber('longrange')).toBe(10);
    expect(shortcutFor(key('1'), 'other', 'longrange')).toEqual({ kind: 'lesson', lesson: 'qkv' });
    for (let i = 1; i <= 9; i++) {
      expect(shortcutFor(key(String(i)), 'other', 'playground')).toEqual({ kind: 'lesson', lesson: NUMBERED_LESSONS[i - 1] });
    }
    expect(LESSON_IDS.length).toBe(NUMBERED_LESSONS.length + 3);
    expect(shortcutFor(key('t'), 'other', 'qkv')).toEqual({ kind: 'lesson', lesson: 'train' });
  });
});

describe('SHORTCUT_HELP', () => {
  it('has every row in both languages', () => {
    for (const row of SHORTCUT_HELP) {
      expect(en[row.text]).toBeTruthy();
      expect(zh[row.text]).toBeTruthy();
    }
  });
});
