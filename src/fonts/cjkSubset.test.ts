// The bundled Chinese font subset covers every CJK character the app shows by itself: the
// zh strings and the default sentences. A new string with a new character fails here
// until scripts/subset-cjk-font.py is run again.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { zh } from '../i18n/strings';
import { DEFAULT_TEXT } from '../state/settings';
import { DEFAULT_SENTENCES, DEMO_REPLACEMENTS, TRAINING_BATCHES } from '../lessons/normsReadouts';
import { cjkCharacters, cssUnicodeRange, isCjk } from './cjkRanges';

const SUBSET = new URL('./noto-sans-sc-subset/', import.meta.url);
const covered = new Set([...readFileSync(new URL('covered-characters.txt', SUBSET), 'utf8').trim()]);

function missing(texts: readonly string[]): string {
  const needed = cjkCharacters(texts.join('\n'));
  return [...needed].filter((character) => !covered.has(character)).join('');
}

describe('the CJK font subset', () => {
  it('lists only CJK characters, hundreds of them', () => {
    expect([...covered].every(isCjk)).toBe(true);
    expect(covered.size).toBeGreaterThan(300);
  });

  it('covers every character of the zh strings', () => {
    expect(Object.keys(zh).length).toBeGreaterThan(100);
    expect(missing(Object.values(zh)), 'run /usr/bin/python3 scripts/subset-cjk-font.py').toBe('');
  });

  it('covers the default text and the norms lesson’s sentences', () => {
    const defaults = [DEFAULT_TEXT, ...DEFAULT_SENTENCES, ...DEMO_REPLACEMENTS, ...TRAINING_BATCHES.flat()];
    expect(cjkCharacters(defaults.join('')).size).toBeGreaterThan(10);
    expect(missing(defaults), 'run /usr/bin/python3 scripts/subset-cjk-font.py').toBe('');
  });

  it('counts CJK punctuation and full-width forms, not Latin', () => {
    expect([...'，。「」：（）、'].every(isCjk)).toBe(true);
    expect([...'a·—…“'].some(isCjk)).toBe(false);
  });

  it('is declared for exactly these ranges, in both weights', () => {
    const css = readFileSync(new URL('./notoSansScSubset.css', import.meta.url), 'utf8');
    const declared = [...css.matchAll(/unicode-range:\s*([^;]+);/g)].map((match) => match[1].replace(/\s+/g, ' ').trim());
    expect(declared).toEqual([cssUnicodeRange(), cssUnicodeRange()]);
    for (const weight of ['Regular', 'Bold']) expect(readFileSync(new URL(`NotoSansSC-${weight}-subset.woff2`, SUBSET)).subarray(0, 4).toString('latin1')).toBe('wOF2');
  });
});
