// A figure as it looks on screen, as one self-contained SVG document.
//
// Figures mix kinds: D3 and Svelte SVG charts, canvas heatmaps with SVG label overlays,
// HTML captions, legends and tables. The snapshot walks the figure's DOM in paint order
// and writes what it sees at the positions the browser laid it out:
//   - an <svg> is cloned whole, with the computed style of every element written inline
//     (CSS variables, classes and the theme resolved to plain colours, fonts and sizes);
//   - a <canvas> becomes an <image> holding its pixels as a PNG data URL, enlarged with
//     nearest-neighbour sampling so heatmap cells stay sharp in any viewer;
//   - HTML boxes become <rect>s (background colour or linear gradient, border), and HTML
//     text becomes <text>, one per line box, in the computed font and colour.
// Nothing is fetched and no <foreignObject> is used, so the file opens in any SVG viewer
// and can be drawn on a canvas for the PNG without tainting it.

import { isTransparent, parseLinearGradient, styleDeclarations, styleText, xmlSafeText, type StyleMap } from './inlineStyles';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Elements inside a figure that are not part of it (the export button itself). */
export const EXPORT_IGNORE_ATTRIBUTE = 'data-export-ignore';
/** Largest side of an embedded canvas image, in pixels. */
const MAX_IMAGE_SIDE = 4096;
const PADDING = 8;

export interface SnapshotOptions {
  /** Embedded canvas images get at least this many pixels per CSS pixel (for PNG at this scale). */
  imageScale: number;
  /** The document's <title>. */
  title: string;
}

export interface Snapshot {
  /** The serialized SVG document. */
  markup: string;
  /** Size in CSS pixels. */
  width: number;
  height: number;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Everything the walk draws, in client coordinates, before it is shifted into place. */
type Item = { element: SVGElement; box: Box };

function toStyleMap(style: CSSStyleDeclaration, names: readonly string[]): StyleMap {
  const map: StyleMap = {};
  for (const name of names) map[name] = style.getPropertyValue(name);
  return map;
}

const PROPERTY_NAMES = [
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
  'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'paint-order', 'color', 'font-family', 'font-size',
  'font-weight', 'font-style', 'letter-spacing', 'text-anchor', 'dominant-baseline', 'visibility', 'image-rendering',
  'shape-rendering', 'white-space', 'opacity', 'alignment-baseline', 'baseline-shift', 'vector-effect', 'overflow',
  'text-decoration-line',
];

/** The colour the figure sits on: its own background or the first ancestor's that paints one. */
export function effectiveBackground(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (!isTransparent(color)) return color;
  }
  return 'rgb(255, 255, 255)';
}

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

const boxOf = (rect: DOMRect): Box => ({ left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
const hasArea = (rect: DOMRect) => rect.width > 0.5 && rect.height > 0.5;

/** Clone an <svg> with computed styles inline; elements not displayed are dropped. */
function cloneSvg(original: SVGSVGElement, rect: DOMRect): SVGSVGElement {
  const clone = original.cloneNode(true) as SVGSVGElement;
  const copyStyles = (source: Element, target: Element, parent: StyleMap | null) => {
    const computed = getComputedStyle(source);
    const map = toStyleMap(computed, PROPERTY_NAMES);
    const declarations = styleDeclarations(map, parent);
    // The outermost clone sits in a new SVG: its clipping must be written, whatever it is.
    if (parent === null && !declarations.some(([name]) => name === 'overflow')) declarations.push(['overflow', map.overflow || 'hidden']);
    // A CSS-only transform (not the attribute, which the clone keeps) is written with its origin.
    if (computed.transform !== 'none' && !source.hasAttribute('transform')) {
      declarations.push(['transform', computed.transform], ['transform-origin', computed.transformOrigin], ['transform-box', computed.transformBox]);
    }
    for (const name of [...target.getAttributeNames()]) {
      if (name === 'class' || name.startsWith('data-') || name === 'tabindex' || name === 'style') target.removeAttribute(name);
    }
    if (declarations.length > 0) target.setAttribute('style', styleText(declarations));
    const sourceChildren = Array.from(source.children);
    const targetChildren = Array.from(target.children);
    sourceChildren.forEach((child, index) => {
      const targetChild = targetChildren[index];
      if (child.hasAttribute(EXPORT_IGNORE_ATTRIBUTE) || getComputedStyle(child).display === 'none') {
        targetChild.remove();
        return;
      }
      copyStyles(child, targetChild, map);
    });
  };
  copyStyles(original, clone, null);
  for (const text of textNodesOf(clone)) text.data = xmlSafeText(text.data);
  clone.removeAttribute('width');
  clone.removeAttribute('height');
  clone.setAttribute('width', String(rect.width));
  clone.setAttribute('height', String(rect.height));
  return clone;
}

function textNodesOf(root: Node): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** A canvas's pixels, enlarged by whole pixels (no smoothing) to at least scale × its CSS size. */
function canvasImage(canvas: HTMLCanvasElement, rect: DOMRect, scale: number): string {
  const wantWidth = Math.min(MAX_IMAGE_SIDE, Math.ceil(rect.width * scale));
  const wantHeight = Math.min(MAX_IMAGE_SIDE, Math.ceil(rect.height * scale));
  if (canvas.width >= wantWidth && canvas.height >= wantHeight) return canvas.toDataURL('image/png');
  // Enlarge by a whole factor per axis, so every canvas pixel becomes an equal block.
  const factorX = Math.max(1, Math.ceil(wantWidth / Math.max(1, canvas.width)));
  const factorY = Math.max(1, Math.ceil(wantHeight / Math.max(1, canvas.height)));
  const large = document.createElement('canvas');
  large.width = Math.min(MAX_IMAGE_SIDE, canvas.width * factorX);
  large.height = Math.min(MAX_IMAGE_SIDE, canvas.height * factorY);
  const context = large.getContext('2d');
  if (!context) return canvas.toDataURL('image/png');
  context.imageSmoothingEnabled = false;
  context.drawImage(canvas, 0, 0, large.width, large.height);
  return large.toDataURL('image/png');
}

let measureContext: CanvasRenderingContext2D | null = null;
/** Ascent and descent of a font, for placing a baseline inside a text line box. */
function fontMetrics(style: CSSStyleDeclaration): { ascent: number; descent: number } {
  measureContext ??= document.createElement('canvas').getContext('2d');
  const size = parseFloat(style.fontSize) || 16;
  if (!measureContext) return { ascent: size * 0.8, descent: size * 0.2 };
  measureContext.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const metrics = measureContext.measureText('Hg');
  return { ascent: metrics.fontBoundingBoxAscent ?? size * 0.8, descent: metrics.fontBoundingBoxDescent ?? size * 0.2 };
}

function transformText(text: string, transform: string): string {
  if (transform === 'uppercase') return text.toUpperCase();
  if (transform === 'lowercase') return text.toLowerCase();
  return text;
}

/** One <text> per line the browser broke the node into. */
function textItems(node: Text, style: CSSStyleDeclaration, opacity: number): Item[] {
  const data = node.data;
  const range = document.createRange();
  // Words with their rectangles; consecutive words on one line (same top) form a line.
  const words: { text: string; rect: DOMRect }[] = [];
  for (const match of data.matchAll(/\S+/g)) {
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const rect = range.getBoundingClientRect();
    if (hasArea(rect)) words.push({ text: match[0], rect });
  }
  if (words.length === 0) return [];
  const lines: { text: string; box: Box }[] = [];
  for (const word of words) {
    const line = lines.at(-1);
    if (line && Math.abs(word.rect.top - line.box.top) < 1 && word.rect.left >= line.box.left) {
      const gap = word.rect.left - line.box.right;
      line.text += gap > 0.5 ? ` ${word.text}` : word.text;
      line.box.right = Math.max(line.box.right, word.rect.right);
      line.box.bottom = Math.max(line.box.bottom, word.rect.bottom);
    } else {
      lines.push({ text: word.text, box: boxOf(word.rect) });
    }
  }
  const { ascent, descent } = fontMetrics(style);
  const fill = style.color;
  return lines.map(({ text, box }) => {
    const height = box.bottom - box.top;
    const baseline = box.top + (height - (ascent + descent)) / 2 + ascent;
    const declarations: [string, string][] = [
      ['font-family', style.fontFamily],
      ['font-size', style.fontSize],
      ['font-weight', style.fontWeight],
      ['font-style', style.fontStyle],
      ['fill', fill],
      ['white-space', 'pre'],
    ];
    if (style.letterSpacing !== 'normal') declarations.push(['letter-spacing', style.letterSpacing]);
    if (opacity < 1) declarations.push(['opacity', String(opacity)]);
    const element = svgElement('text', { x: box.left, y: baseline, textLength: box.right - box.left, lengthAdjust: 'spacingAndGlyphs', style: styleText(declarations) });
    element.textContent = xmlSafeText(transformText(text, style.textTransform));
    return { element, box };
  });
}

/** Background (colour or gradient) and border of an HTML box. */
function boxItems(style: CSSStyleDeclaration, rect: DOMRect, opacity: number, defs: SVGDefsElement, nextId: () => string): Item[] {
  const items: Item[] = [];
  const box = boxOf(rect);
  const radius = parseFloat(style.borderTopLeftRadius) || 0;
  const base = { x: rect.left, y: rect.top, width: rect.width, height: rect.height, ...(radius > 0 ? { rx: radius } : {}) };
  const opacityStyle = opacity < 1 ? `; opacity: ${opacity}` : '';
  if (!isTransparent(style.backgroundColor)) {
    items.push({ element: svgElement('rect', { ...base, style: `fill: ${style.backgroundColor}${opacityStyle}` }), box });
  }
  const gradient = style.backgroundImage !== 'none' ? parseLinearGradient(style.backgroundImage) : null;
  if (gradient) {
    const id = nextId();
    const definition = svgElement('linearGradient', { id, x1: gradient.x1, y1: gradient.y1, x2: gradient.x2, y2: gradient.y2 });
    for (const stop of gradient.stops) definition.append(svgElement('stop', { offset: stop.offset, 'stop-color': stop.color }));
    defs.append(definition);
    items.push({ element: svgElement('rect', { ...base, style: `fill: url(#${id})${opacityStyle}` }), box });
  }
  const sides = ['top', 'right', 'bottom', 'left'] as const;
  const borders = sides.map((side) => ({
    side,
    width: parseFloat(style.getPropertyValue(`border-${side}-width`)) || 0,
    color: style.getPropertyValue(`border-${side}-color`),
    visible: style.getPropertyValue(`border-${side}-style`) !== 'none' && style.getPropertyValue(`border-${side}-style`) !== 'hidden',
  }));
  const drawn = borders.filter((border) => border.visible && border.width > 0 && !isTransparent(border.color));
  if (drawn.length === 4 && drawn.every((border) => border.width === drawn[0].width && border.color === drawn[0].color)) {
    const width = drawn[0].width;
    items.push({
      element: svgElement('rect', {
        x: rect.left + width / 2,
        y: rect.top + width / 2,
        width: Math.max(0, rect.width - width),
        height: Math.max(0, rect.height - width),
        ...(radius > 0 ? { rx: Math.max(0, radius - width / 2) } : {}),
        style: `fill: none; stroke: ${drawn[0].color}; stroke-width: ${width}px${opacityStyle}`,
      }),
      box,
    });
  } else {
    for (const border of drawn) {
      const half = border.width / 2;
      const lines: Record<(typeof sides)[number], [number, number, number, number]> = {
        top: [rect.left, rect.top + half, rect.right, rect.top + half],
        bottom: [rect.left, rect.bottom - half, rect.right, rect.bottom - half],
        left: [rect.left + half, rect.top, rect.left + half, rect.bottom],
        right: [rect.right - half, rect.top, rect.right - half, rect.bottom],
      };
      const [x1, y1, x2, y2] = lines[border.side];
      items.push({ element: svgElement('line', { x1, y1, x2, y2, style: `stroke: ${border.color}; stroke-width: ${border.width}px${opacityStyle}` }), box });
    }
  }
  return items;
}

/** Walk the figure in paint order (DOM order; positioned overlays come after what they cover). */
function collect(root: Element, options: SnapshotOptions, defs: SVGDefsElement): Item[] {
  const items: Item[] = [];
  let idCount = 0;
  const nextId = () => `export-gradient-${idCount++}`;
  const visit = (node: Node, opacity: number) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      if (!parent) return;
      const style = getComputedStyle(parent);
      if (style.visibility !== 'visible') return;
      items.push(...textItems(node as Text, style, opacity));
      return;
    }
    if (!(node instanceof Element) || node.hasAttribute(EXPORT_IGNORE_ATTRIBUTE)) return;
    const style = getComputedStyle(node);
    if (style.display === 'none') return;
    const rect = node.getBoundingClientRect();
    const ownOpacity = opacity * (parseFloat(style.opacity) || 0);
    if (ownOpacity === 0) return;
    // Visually hidden helpers (1 px, clipped) are for screen readers, not for the picture.
    if (style.display !== 'contents' && rect.width <= 1 && rect.height <= 1 && style.overflow !== 'visible') return;
    if (node instanceof SVGSVGElement) {
      if (style.visibility === 'visible' && hasArea(rect)) {
        const clone = cloneSvg(node, rect);
        clone.setAttribute('x', String(rect.left));
        clone.setAttribute('y', String(rect.top));
        if (ownOpacity < 1) clone.style.setProperty('opacity', String(ownOpacity));
        items.push({ element: clone, box: boxOf(rect) });
      }
      return;
    }
    if (node instanceof HTMLCanvasElement) {
      if (style.visibility === 'visible' && hasArea(rect) && node.width > 0 && node.height > 0) {
        const image = svgElement('image', {
          x: rect.left,
          y: rect.top,
          width: rect.width,
          height: rect.height,
          preserveAspectRatio: 'none',
          style: `image-rendering: pixelated${ownOpacity < 1 ? `; opacity: ${ownOpacity}` : ''}`,
        });
        image.setAttribute('href', canvasImage(node, rect, options.imageScale));
        items.push({ element: image, box: boxOf(rect) });
      }
      return;
    }
    if (style.visibility === 'visible' && style.display !== 'contents' && hasArea(rect)) {
      items.push(...boxItems(style, rect, ownOpacity, defs, nextId));
    }
    // Form controls' values are not text nodes; their labels are, and come through.
    for (const child of Array.from(node.childNodes)) visit(child, ownOpacity);
  };
  visit(root, 1);
  return items;
}

/** The figure rooted at `root` as an SVG document, at its on-screen size in CSS pixels. */
export function snapshotSvg(root: Element, options: SnapshotOptions): Snapshot {
  const defs = document.createElementNS(SVG_NS, 'defs');
  const items = collect(root, options, defs);
  // The picture spans the figure and anything drawn past its edge (long axis labels).
  const bounds = boxOf(root.getBoundingClientRect());
  for (const { box } of items) {
    bounds.left = Math.min(bounds.left, box.left);
    bounds.top = Math.min(bounds.top, box.top);
    bounds.right = Math.max(bounds.right, box.right);
    bounds.bottom = Math.max(bounds.bottom, box.bottom);
  }
  const width = Math.ceil(bounds.right - bounds.left + 2 * PADDING);
  const height = Math.ceil(bounds.bottom - bounds.top + 2 * PADDING);
  const svg = svgElement('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}` });
  const title = svgElement('title', {});
  title.textContent = xmlSafeText(options.title);
  svg.append(title, defs);
  svg.append(svgElement('rect', { x: 0, y: 0, width, height, style: `fill: ${effectiveBackground(root)}` }));
  // Client coordinates → the document's: one translation for everything.
  const content = svgElement('g', { transform: `translate(${PADDING - bounds.left} ${PADDING - bounds.top})` });
  for (const { element } of items) content.append(element);
  svg.append(content);
  const markup = new XMLSerializer().serializeToString(svg);
  return { markup, width, height };
}
