import { describe, expect, it } from 'vitest';
import { isTransparent, parseLinearGradient, styleDeclarations, styleText, xmlSafeText } from './inlineStyles';

describe('styleDeclarations', () => {
  const computed = { fill: 'rgb(17, 20, 24)', 'font-size': '17px', 'font-family': 'system-ui', opacity: '1', 'dominant-baseline': 'central', overflow: 'visible', stroke: 'none' };

  it('writes every inherited property on the outermost element', () => {
    const written = Object.fromEntries(styleDeclarations(computed, null));
    expect(written).toMatchObject({ fill: 'rgb(17, 20, 24)', 'font-size': '17px', 'font-family': 'system-ui', 'dominant-baseline': 'central', stroke: 'none' });
    // Non-inherited properties only when they differ from their initial value.
    expect(written.opacity).toBeUndefined();
    expect(written.overflow).toBeUndefined();
  });

  it('writes an inherited property on a child only where it differs from the parent', () => {
    const child = { ...computed, fill: 'rgb(184, 63, 10)', opacity: '0.6' };
    expect(styleDeclarations(child, computed)).toEqual([
      ['fill', 'rgb(184, 63, 10)'],
      ['opacity', '0.6'],
    ]);
    expect(styleDeclarations(computed, computed)).toEqual([]);
  });

  it('formats a style attribute', () => {
    expect(styleText([['fill', 'red'], ['stroke-width', '2px']])).toBe('fill: red; stroke-width: 2px');
  });
});

describe('isTransparent', () => {
  it('recognises the computed forms of "no colour"', () => {
    expect(isTransparent('rgba(0, 0, 0, 0)')).toBe(true);
    expect(isTransparent('transparent')).toBe(true);
    expect(isTransparent('rgb(0 0 0 / 0)')).toBe(true);
    expect(isTransparent('rgb(255, 255, 255)')).toBe(false);
    expect(isTransparent('rgba(184, 63, 10, 0.55)')).toBe(false);
  });
});

describe('parseLinearGradient', () => {
  it('reads the colour legend bar: a side and percentage stops', () => {
    const gradient = parseLinearGradient('linear-gradient(to right, rgb(68, 1, 84) 0%, rgb(33, 145, 140) 50%, rgb(253, 231, 37) 100%)');
    expect(gradient).toEqual({
      x1: 0,
      y1: 0,
      x2: 1,
      y2: 0,
      stops: [
        { color: 'rgb(68, 1, 84)', offset: 0 },
        { color: 'rgb(33, 145, 140)', offset: 0.5 },
        { color: 'rgb(253, 231, 37)', offset: 1 },
      ],
    });
  });

  it('spaces stops without positions evenly and defaults to top-to-bottom', () => {
    const gradient = parseLinearGradient('linear-gradient(red, green, blue)')!;
    expect([gradient.x1, gradient.y1, gradient.x2, gradient.y2]).toEqual([0, 0, 0, 1]);
    expect(gradient.stops.map((stop) => stop.offset)).toEqual([0, 0.5, 1]);
  });

  it('maps a CSS angle (90deg = to right)', () => {
    const gradient = parseLinearGradient('linear-gradient(90deg, red 0%, blue 100%)')!;
    expect(gradient.x1).toBeCloseTo(0);
    expect(gradient.x2).toBeCloseTo(1);
    expect(gradient.y1).toBeCloseTo(0.5);
    expect(gradient.y2).toBeCloseTo(0.5);
  });

  it('declines what it cannot draw faithfully', () => {
    expect(parseLinearGradient('radial-gradient(red, blue)')).toBeNull();
    expect(parseLinearGradient('linear-gradient(to right, red 10px, blue 20px)')).toBeNull();
    expect(parseLinearGradient('none')).toBeNull();
    expect(parseLinearGradient('linear-gradient(red)')).toBeNull();
  });
});

describe('xmlSafeText', () => {
  it('drops characters XML 1.0 forbids and keeps everything else', () => {
    expect(xmlSafeText('a\u0000b\u0007c')).toBe('abc');
    expect(xmlSafeText('tab\tok\n')).toBe('tab\tok\n');
    expect(xmlSafeText('我爱 👍🏽 é')).toBe('我爱 👍🏽 é');
    expect(xmlSafeText('lone \uD800 half')).toBe('lone  half');
  });
});
