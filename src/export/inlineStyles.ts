// Which computed CSS properties an exported SVG element needs written inline, and how a
// CSS linear gradient becomes an SVG one. Pure: works on plain property maps, so it is
// unit-tested without a browser.
//
// An exported SVG has no stylesheet: its classes and the app's CSS variables mean nothing
// outside the page. The browser's computed style has every var() and calc() resolved to
// plain values (colours as rgb(), sizes in px), so copying the properties SVG painting
// uses is enough. To keep files small, inherited properties are written only where they
// differ from the parent's value and the others only where they differ from the initial one.

export interface StyleProperty {
  name: string;
  inherited: boolean;
  /** Computed value when nothing sets it (ignored for inherited properties). */
  initial?: string;
}

export const SVG_STYLE_PROPERTIES: readonly StyleProperty[] = [
  { name: 'fill', inherited: true },
  { name: 'fill-opacity', inherited: true },
  { name: 'fill-rule', inherited: true },
  { name: 'stroke', inherited: true },
  { name: 'stroke-width', inherited: true },
  { name: 'stroke-opacity', inherited: true },
  { name: 'stroke-dasharray', inherited: true },
  { name: 'stroke-dashoffset', inherited: true },
  { name: 'stroke-linecap', inherited: true },
  { name: 'stroke-linejoin', inherited: true },
  { name: 'paint-order', inherited: true },
  { name: 'color', inherited: true },
  { name: 'font-family', inherited: true },
  { name: 'font-size', inherited: true },
  { name: 'font-weight', inherited: true },
  { name: 'font-style', inherited: true },
  { name: 'letter-spacing', inherited: true },
  { name: 'text-anchor', inherited: true },
  { name: 'dominant-baseline', inherited: true },
  { name: 'visibility', inherited: true },
  { name: 'image-rendering', inherited: true },
  { name: 'shape-rendering', inherited: true },
  { name: 'white-space', inherited: true },
  { name: 'opacity', inherited: false, initial: '1' },
  { name: 'alignment-baseline', inherited: false, initial: 'auto' },
  { name: 'baseline-shift', inherited: false, initial: '0px' },
  { name: 'vector-effect', inherited: false, initial: 'none' },
  { name: 'overflow', inherited: false, initial: 'visible' },
  { name: 'text-decoration-line', inherited: false, initial: 'none' },
];

export type StyleMap = Record<string, string>;

/**
 * The declarations to write on one element: `name: value` pairs. `parent` is the parent's
 * computed style, or null for the outermost exported element (which writes every inherited
 * property, since its new context inherits nothing from the page).
 */
export function styleDeclarations(computed: StyleMap, parent: StyleMap | null): [string, string][] {
  const declarations: [string, string][] = [];
  for (const property of SVG_STYLE_PROPERTIES) {
    const value = computed[property.name];
    if (value === undefined || value === '') continue;
    const needed = property.inherited ? parent === null || parent[property.name] !== value : value !== property.initial;
    if (needed) declarations.push([property.name, value]);
  }
  return declarations;
}

/** `a: b; c: d` for a style attribute. */
export function styleText(declarations: [string, string][]): string {
  return declarations.map(([name, value]) => `${name}: ${value}`).join('; ');
}

/** True when a computed colour paints nothing. */
export function isTransparent(color: string): boolean {
  const value = color.trim().toLowerCase();
  if (value === 'transparent' || value === '' || value === 'none') return true;
  const alpha = /^rgba\([^,]+,[^,]+,[^,]+,\s*([\d.e+-]+)\s*\)$/.exec(value);
  if (alpha) return Number(alpha[1]) === 0;
  const slash = /^(?:rgb|rgba|color)\(.*\/\s*([\d.e+-]+%?)\s*\)$/.exec(value);
  if (slash) return parseFloat(slash[1]) === 0;
  return false;
}

export interface GradientStop {
  color: string;
  /** 0 … 1 along the gradient line. */
  offset: number;
}

export interface LinearGradient {
  /** The gradient line in the box's unit square (objectBoundingBox). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stops: GradientStop[];
}

/** Split at top-level commas (not inside rgb(…)). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

const SIDES: Record<string, [number, number, number, number]> = {
  'to right': [0, 0, 1, 0],
  'to left': [1, 0, 0, 0],
  'to bottom': [0, 0, 0, 1],
  'to top': [0, 1, 0, 0],
};

/**
 * A computed `linear-gradient(…)` (the form ColorLegend's bar has: a side or an angle, then
 * colour stops with percentages) as an SVG gradient; null for anything else (radial,
 * repeating, several layers, lengths in px), which the export then leaves out.
 */
export function parseLinearGradient(backgroundImage: string): LinearGradient | null {
  const match = /^linear-gradient\((.*)\)$/s.exec(backgroundImage.trim());
  if (!match) return null;
  const parts = splitTopLevel(match[1]);
  let line: [number, number, number, number] = SIDES['to bottom'];
  const first = parts[0].toLowerCase();
  if (first in SIDES) {
    line = SIDES[first];
    parts.shift();
  } else {
    const angle = /^(-?[\d.]+)deg$/.exec(first);
    if (angle) {
      // CSS angles: 0deg points up, 90deg right; map onto the unit square's centre lines.
      const radians = (Number(angle[1]) * Math.PI) / 180;
      const dx = Math.sin(radians) / 2;
      const dy = -Math.cos(radians) / 2;
      line = [0.5 - dx, 0.5 - dy, 0.5 + dx, 0.5 + dy];
      parts.shift();
    }
  }
  if (parts.length < 2) return null;
  const stops: GradientStop[] = [];
  for (const [index, part] of parts.entries()) {
    const stop = /^(.*?)(?:\s+(-?[\d.]+)%)?$/.exec(part);
    if (!stop || stop[1].trim() === '' || /\d(px|em|rem)$/.test(part)) return null;
    const offset = stop[2] !== undefined ? Number(stop[2]) / 100 : index / (parts.length - 1);
    stops.push({ color: stop[1].trim(), offset: Math.min(1, Math.max(0, offset)) });
  }
  const [x1, y1, x2, y2] = line;
  return { x1, y1, x2, y2, stops };
}

/**
 * Text as XML 1.0 allows it: control characters (a user can type them) are dropped, since
 * one would make the whole exported SVG unreadable. Escaping is left to XMLSerializer.
 */
export function xmlSafeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
