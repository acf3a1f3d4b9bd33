// WCAG contrast of every theme's text colours on its backgrounds, read from app.css (the
// palette's one source): ≥ 4.5:1 (AA) normally, ≥ 7:1 (AAA) in projector mode.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast';

const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');

/** The custom properties declared in the block whose selector list is exactly `selector`. */
function block(selector: string): Record<string, string> {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|\\n)${escaped}\\s*\\{([^}]*)\\}`).exec(css);
  if (!match) throw new Error(`no block ${selector} in app.css`);
  return Object.fromEntries([...match[1].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

const light = block(":root,\n:root[data-theme='light']");
const dark = block(":root[data-theme='dark']");
const palettes = {
  light,
  dark,
  'projector light': { ...light, ...block(":root[data-view='projector'][data-theme='light']") },
  'projector dark': { ...dark, ...block(":root[data-view='projector'][data-theme='dark']") },
};

/** Text colour on background colour, as the components use them. */
const PAIRS: [string, string][] = [
  ['--text', '--bg'],
  ['--text', '--surface'],
  ['--text-muted', '--bg'],
  ['--text-muted', '--surface'],
  ['--accent-strong', '--bg'],
  ['--accent-strong', '--surface'],
  ['--accent-text', '--accent'],
  ['--highlight', '--bg'],
  ['--highlight', '--surface'],
  ['--warning', '--bg'],
  ['--warning', '--surface'],
  ['--error', '--bg'],
  ['--error', '--surface'],
];

describe('theme contrast (WCAG)', () => {
  for (const [name, palette] of Object.entries(palettes)) {
    const minimum = name.startsWith('projector') ? 7 : 4.5;
    it(`${name}: every text/background pair ≥ ${minimum}:1`, () => {
      const ratios = PAIRS.map(([text, background]) => ({
        pair: `${text} on ${background}`,
        ratio: Math.round(contrastRatio(palette[text], palette[background]) * 100) / 100,
      }));
      console.log(name, ratios.map(({ pair, ratio }) => `${pair} ${ratio}`).join('; '));
      for (const { pair, ratio } of ratios) expect(ratio, pair).toBeGreaterThanOrEqual(minimum);
    });
  }

  it('computes the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777', '#fff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#123456', '#123456')).toBe(1);
  });
});
